package dev.aimon.devkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One subcommand of {@code ./aimon} that devkit runs: its usage, what it does, the options it takes (with a value or
 * as a flag) and how many plain arguments. Parsing refuses what the command does not take, naming what it does;
 * {@code --help} (or {@code -h}) anywhere asks for the command's help instead.
 *
 * @param options each option and what it means: {@code "--data NAME"} takes a value, {@code "--no-wait"} is a flag
 * @param minArguments the fewest plain arguments
 * @param maxArguments the most plain arguments
 */
public record Command(
        String name,
        String usage,
        String description,
        Map<String, String> options,
        int minArguments,
        int maxArguments) {

    /** Options every devkit command takes; the launcher adds {@code --root}. */
    static final Map<String, String> COMMON = Map.of("--root DIR", "the repository (the launcher gives it)");

    /** Options in the order given: each option, then what it means. */
    public static Map<String, String> ordered(String... optionThenMeaning) {
        if (optionThenMeaning.length % 2 != 0) {
            throw new IllegalArgumentException("an option and its meaning, in pairs");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < optionThenMeaning.length; i += 2) {
            options.put(optionThenMeaning[i], optionThenMeaning[i + 1]);
        }
        return options;
    }

    /** The arguments as this command reads them. */
    public record Parsed(Map<String, String> values, List<String> arguments, boolean help) {

        public Optional<String> value(String option) {
            return Optional.ofNullable(values.get(option));
        }

        public boolean flag(String option) {
            return values.containsKey(option);
        }
    }

    /** A command line that this command does not take: the message says why and what it takes. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    public Parsed parse(List<String> args) throws Refused {
        Map<String, Boolean> takesValue = new LinkedHashMap<>();
        for (String spec : all().keySet()) {
            String[] words = spec.split(" ", 2);
            takesValue.put(words[0], words.length > 1);
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                return new Parsed(Map.of(), List.of(), true);
            }
            if (a.startsWith("-")) {
                Boolean value = takesValue.get(a);
                if (value == null) {
                    throw new Refused("unknown option " + a + "; " + name + " takes " + optionList());
                }
                if (value) {
                    if (i + 1 >= args.size()) {
                        throw new Refused(a + " needs a value (" + name + " takes " + optionList() + ")");
                    }
                    values.put(a, args.get(++i));
                } else {
                    values.put(a, "");
                }
            } else {
                arguments.add(a);
            }
        }
        if (arguments.size() < minArguments || arguments.size() > maxArguments) {
            throw new Refused("usage: " + usage);
        }
        return new Parsed(values, arguments, false);
    }

    /** The help text: usage, what it does, each option. */
    public String help() {
        StringBuilder text =
                new StringBuilder("usage: ").append(usage).append("\n\n").append(description);
        text.append("\n\noptions:\n");
        all().forEach((spec, meaning) -> text.append("  %-22s %s%n".formatted(spec, meaning)));
        text.append("  %-22s %s%n".formatted("--help, -h", "this help"));
        return text.toString();
    }

    private Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(options);
        all.putAll(COMMON);
        return all;
    }

    private String optionList() {
        List<String> names = new ArrayList<>();
        all().keySet().forEach(spec -> names.add(spec.split(" ", 2)[0]));
        names.add("--help");
        return String.join(", ", names);
    }
}
