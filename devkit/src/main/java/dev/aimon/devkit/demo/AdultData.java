package dev.aimon.devkit.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UCI Adult data set (Becker and Kohavi 1996, doi:10.24432/C5XW20, CC BY 4.0): one census record per line, 15
 * comma-separated columns, '?' for a missing value; adult.test has a header comment and labels ending in '.'.
 */
public final class AdultData {

    private AdultData() {}

    /**
     * One person.
     *
     * @param highIncome the label: income above 50K
     */
    public record Person(
            int age,
            String workclass,
            String education,
            int educationNum,
            String maritalStatus,
            String occupation,
            String relationship,
            String race,
            String sex,
            double capitalGain,
            double capitalLoss,
            int hoursPerWeek,
            String nativeCountry,
            boolean highIncome) {}

    /** Reads a file of the data set, skipping its header comment and blank lines. */
    public static List<Person> read(Path file) {
        List<Person> people = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] c = line.split(",\\s*");
                if (c.length != 15 || line.startsWith("|")) {
                    continue;
                }
                people.add(new Person(
                        Integer.parseInt(c[0].trim()),
                        c[1],
                        c[3],
                        Integer.parseInt(c[4].trim()),
                        c[5],
                        c[6],
                        c[7],
                        c[8],
                        c[9],
                        Double.parseDouble(c[10]),
                        Double.parseDouble(c[11]),
                        Integer.parseInt(c[12].trim()),
                        c[13],
                        c[14].trim().startsWith(">50K")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return people;
    }
}
