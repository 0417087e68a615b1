package dev.aimon.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    private static Command named(String name) {
        return Cli.COMMANDS.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void readsOptionsWithValuesFlagsAndArguments() throws Exception {
        Command.Parsed demo = named("demo").parse(List.of("--data", "german", "--no-wait", "--root", "/r"));
        assertThat(demo.value("--data")).hasValue("german");
        assertThat(demo.flag("--no-wait")).isTrue();
        assertThat(demo.value("--root")).hasValue("/r");
        assertThat(demo.help()).isFalse();

        Command.Parsed token = named("token").parse(List.of("governance", "auditor", "--subject", "ann"));
        assertThat(token.arguments()).containsExactly("governance", "auditor");
        assertThat(token.value("--subject")).hasValue("ann");
    }

    @Test
    void helpAnywhereAsksForHelpAndRunsNothing() throws Exception {
        assertThat(named("demo").parse(List.of("--no-wait", "--help")).help()).isTrue();
        assertThat(named("up").parse(List.of("-h")).help()).isTrue();
        assertThat(named("demo").help())
                .startsWith("usage: ./aimon demo")
                .contains("--data NAME")
                .contains("--no-wait")
                .contains("--help, -h");
    }

    @Test
    void refusesAnUnknownOptionNamingTheValidOnes() {
        assertThatThrownBy(() -> named("demo").parse(List.of("--fast")))
                .isInstanceOf(Command.Refused.class)
                .hasMessage("unknown option --fast; demo takes --data, --no-wait, --root, --help");
        assertThatThrownBy(() -> named("up").parse(List.of("--no-wait")))
                .isInstanceOf(Command.Refused.class)
                .hasMessageContaining("unknown option --no-wait");
    }

    @Test
    void refusesAMissingValueAndTheWrongNumberOfArguments() {
        assertThatThrownBy(() -> named("bench").parse(List.of("--events")))
                .isInstanceOf(Command.Refused.class)
                .hasMessageStartingWith("--events needs a value");
        assertThatThrownBy(() -> named("restart").parse(List.of()))
                .isInstanceOf(Command.Refused.class)
                .hasMessage("usage: ./aimon restart SERVICE");
        assertThatThrownBy(() -> named("status").parse(List.of("extra")))
                .isInstanceOf(Command.Refused.class)
                .hasMessage("usage: ./aimon status");
    }
}
