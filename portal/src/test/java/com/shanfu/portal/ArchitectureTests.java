package com.shanfu.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Business rules stay out of the UI, and features do not depend on each other in circles. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.shanfu.portal");

    @Test
    void domain_and_services_do_not_depend_on_vaadin() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "com.shanfu.portal.application", "com.shanfu.portal.tms", "com.shanfu.portal.security")
                .and()
                .doNotHaveSimpleName("SecurityConfig") // Vaadin's own Spring Security integration
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.vaadin..")
                .check(classes);
    }

    @Test
    void features_have_no_cycles() {
        // the page frame (ui.MainLayout) links to every feature's views; features must not lean on each other in
        // circles
        slices().matching("com.shanfu.portal.(*)..")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(
                        JavaClass.Predicates.resideInAPackage("com.shanfu.portal.ui"), DescribedPredicate.alwaysTrue())
                .check(classes);
    }

    @Test
    void views_talk_only_to_portal_services() {
        // a page asks a service, which checks the role, opens the transaction and decides; never a table or the TMS
        noClasses()
                .that()
                .areAssignableTo(com.vaadin.flow.component.Component.class)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(org.springframework.data.repository.Repository.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(com.shanfu.portal.tms.TmsClient.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(org.springframework.jdbc.core.JdbcTemplate.class)
                .check(classes);
    }

    @Test
    void the_tms_is_reached_only_through_its_client_and_contract() {
        // the bank's verification service (verification) has an HTTP client of its own; nothing else calls out
        noClasses()
                .that()
                .resideOutsideOfPackages("com.shanfu.portal.tms", "com.shanfu.portal.verification")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.web.client..")
                .check(classes);
    }
}
