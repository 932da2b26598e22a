package dev.mzsh;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.mzsh.cli.Main;
import dev.mzsh.host.HostMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/layers.md as rules: which package may use which. A change that imports
 * upwards, past {@code session} into the boot parts, or round in a cycle fails
 * the build here, with the offending class and line.
 */
class LayersTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() throws Exception {
        // only mzsh's own compiled classes (target/classes), not every jar on the class path
        Path classes = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(classes);
    }

    /** The layers, top to bottom, and who may use each (docs/layers.md). */
    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("cli")
            .definedBy("dev.mzsh.cli..")
            .layer("ui")
            .definedBy("dev.mzsh.ui..")
            .layer("commands")
            .definedBy("dev.mzsh.commands..")
            .layer("session")
            .definedBy("dev.mzsh.session..")
            .layer("memorizer")
            .definedBy("dev.mzsh.memorizer..")
            .layer("kmap")
            .definedBy("dev.mzsh.kmap..")
            .layer("bats")
            .definedBy("dev.mzsh.bats..")
            .layer("machine")
            .definedBy("dev.mzsh.machine..")
            .layer("snapshot")
            .definedBy("dev.mzsh.snapshot..")
            .layer("kernel")
            .definedBy("dev.mzsh.kernel..")
            .layer("vm")
            .definedBy("dev.mzsh.vm..")
            .layer("initramfs")
            .definedBy("dev.mzsh.initramfs..")
            .layer("host")
            .definedBy("dev.mzsh.host..")
            .layer("guest")
            .definedBy("dev.mzsh.guest..")
            .whereLayer("cli")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("ui")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("commands")
            .mayOnlyBeAccessedByLayers("cli", "ui")
            .whereLayer("session")
            .mayOnlyBeAccessedByLayers("cli", "ui", "commands")
            .whereLayer("memorizer")
            .mayOnlyBeAccessedByLayers("cli", "ui", "commands", "session")
            .whereLayer("kmap")
            .mayOnlyBeAccessedByLayers("cli", "ui", "commands", "session", "memorizer")
            .whereLayer("bats")
            .mayOnlyBeAccessedByLayers("cli", "ui", "commands", "session", "memorizer")
            .whereLayer("machine")
            .mayOnlyBeAccessedByLayers("cli", "ui", "commands", "session", "memorizer", "bats")
            // the boot parts: the host-side subcommands of cli and the session, nobody else
            .whereLayer("snapshot")
            .mayOnlyBeAccessedByLayers("cli", "session")
            .whereLayer("kernel")
            .mayOnlyBeAccessedByLayers("cli", "session")
            .whereLayer("initramfs")
            .mayOnlyBeAccessedByLayers("cli", "session")
            .whereLayer("host")
            .mayOnlyBeAccessedByLayers("cli", "session", "kernel")
            // QEMU: only session wraps it (Guest, GdbEndpoint), and machine's QemuTarget drives its channel
            .whereLayer("vm")
            .mayOnlyBeAccessedByLayers("session", "machine", "snapshot")
            // ExitStatus, the one mapping of failures to exit statuses, names the host's "lacks" failure
            .ignoreDependency(
                    JavaClass.Predicates.resideInAPackage("dev.mzsh.commands"),
                    JavaClass.Predicates.equivalentTo(HostMissingException.class));

    @Test
    void eachPackageUsesOnlyTheLayersDocsLayersMdAllows() {
        LAYERS.check(main);
    }

    @Test
    void noCycleBetweenPackages() {
        // ui's front ends (plain, split) are parts of ui: the rule below orders them within it
        slices().matching("dev.mzsh.(*)..").should().beFreeOfCycles().check(main);
    }

    /** ui's classes that choose a front end (Interactive): they use plain and split, never the other way. */
    private static final DescribedPredicate<JavaClass> CHOOSES_A_FRONT_END = DescribedPredicate.describe(
            "a class of ui that uses a front end",
            c -> c.getPackageName().equals("dev.mzsh.ui")
                    && c.getDirectDependenciesFromSelf().stream().anyMatch(d -> {
                        String p = d.getTargetClass().getPackageName();
                        return p.equals("dev.mzsh.ui.plain") || p.equals("dev.mzsh.ui.split");
                    }));

    @Test
    void frontEndsUseUisSharedPartsNeverTheChoiceOfFrontEndNorEachOther() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.mzsh.ui.plain", "dev.mzsh.ui.split")
                .should()
                .dependOnClassesThat(CHOOSES_A_FRONT_END)
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("dev.mzsh.ui.plain")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.mzsh.ui.split")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("dev.mzsh.ui.split")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.mzsh.ui.plain")
                .check(main);
    }

    @Test
    void docsLayersMdNamesEveryPackage() throws Exception {
        Path repo = Path.of(System.getProperty("mzsh.repo", System.getProperty("user.dir")));
        String doc = Files.readString(repo.resolve("docs/layers.md"));
        Set<String> packages = main.stream()
                .map(JavaClass::getPackageName)
                .map(p -> p.substring("dev.mzsh.".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(packages).contains("cli", "kernel", "ui.plain");
        for (String p : packages) {
            String shown = p.contains(".") ? p.substring(p.lastIndexOf('.') + 1) : p;
            assertThat(doc).as("docs/layers.md names package " + p).containsPattern("(?m)^[\\s|]+" + shown + "\\s");
        }
    }

    /** The layer names the rule declares, so the doc and the rule cannot name different sets. */
    @Test
    void theRuleHasALayerForEveryTopLevelPackage() {
        List<String> declared = List.of(
                "cli",
                "ui",
                "commands",
                "session",
                "memorizer",
                "kmap",
                "bats",
                "machine",
                "snapshot",
                "kernel",
                "vm",
                "initramfs",
                "host",
                "guest");
        Set<String> topLevel = main.stream()
                .map(JavaClass::getPackageName)
                .map(p -> p.substring("dev.mzsh.".length()).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(topLevel).containsExactlyInAnyOrderElementsOf(declared);
    }
}
