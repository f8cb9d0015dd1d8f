package com.shanfu.tms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keys leave the security module only through its port; the financial host does not reach into the REST API. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.shanfu.tms");

    @Test
    void only_the_security_module_touches_clear_key_crypto() {
        noClasses()
                .that()
                .resideOutsideOfPackage("com.shanfu.tms.keys")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("com.shanfu.protocol.crypto.Tdes")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("com.shanfu.protocol.iso.MessageMac")
                .check(classes);
    }

    @Test
    void the_host_does_not_depend_on_the_rest_api() {
        noClasses()
                .that()
                .resideInAPackage("com.shanfu.tms.host..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.shanfu.tms.api..", "com.shanfu.tms.web..")
                .check(classes);
    }

    @Test
    void features_have_no_cycles() {
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
                .matching("com.shanfu.tms.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }
}
