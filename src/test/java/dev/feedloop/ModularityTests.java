package dev.feedloop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.feedloop.modulefixture.FixtureApplication;
import jakarta.persistence.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** The module structure of DESIGN.md and the code rules of STYLE.md that Modulith doesn't know. */
class ModularityTests {

    static final ApplicationModules modules = ApplicationModules.of(FeedloopApplication.class);
    static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.feedloop");

    @Test
    void modulesDependOnEachOtherOnlyThroughTheirApis() {
        modules.verify();
    }

    /** A module without a declaration could use any other, and verify() would not notice. */
    @Test
    void everyModuleDeclaresItsAllowedDependencies() throws ClassNotFoundException {
        for (var module : modules) {
            String name = module.getBasePackage().getName();
            ApplicationModule declaration =
                    Class.forName(name + ".package-info").getAnnotation(ApplicationModule.class);
            assertThat(declaration).as(name).isNotNull();
            assertThat(declaration.allowedDependencies()).as(name).doesNotContain(ApplicationModule.OPEN_TOKEN);
        }
    }

    /** The declarations are enforced: a module of the fixture uses one it does not declare. */
    @Test
    void verifyRefusesAModuleThatUsesOneItDoesNotDeclare() {
        var fixture = ApplicationModules.of(FixtureApplication.class, new ImportOption.OnlyIncludeTests());
        assertThat(fixture.stream().map(m -> m.getIdentifier().toString())).containsExactlyInAnyOrder("a", "b", "c");
        assertThatThrownBy(fixture::verify)
                .isInstanceOf(Violations.class)
                .hasMessageContaining("Module 'a' depends on module 'c' via dev.feedloop.modulefixture.a.Caller");
    }

    /** The audit log sits at the bottom, like problems, so that every module may record in it. */
    @Test
    void theAuditLogUsesNothingButProblems() throws ClassNotFoundException {
        ApplicationModule declaration =
                Class.forName("dev.feedloop.audit.package-info").getAnnotation(ApplicationModule.class);
        assertThat(declaration.allowedDependencies()).containsExactly("problems");
        assertThat(modules.getModuleByName("audit")).isPresent();
    }

    /**
     * Feedback sits beside the work queue, like generation: it makes items through ingest and write
     * slots through the queue, labeling and review read its fixes, and nothing it uses uses it.
     */
    @Test
    void feedbackSitsBesideTheWorkQueue() throws ClassNotFoundException {
        ApplicationModule declaration =
                Class.forName("dev.feedloop.feedback.package-info").getAnnotation(ApplicationModule.class);
        assertThat(declaration.allowedDependencies())
                .containsExactlyInAnyOrder("accounts", "projects", "ingest", "workqueue", "problems", "audit");
        assertThat(modules.getModuleByName("feedback")).isPresent();
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.feedloop.accounts..",
                        "dev.feedloop.projects..",
                        "dev.feedloop.ingest..",
                        "dev.feedloop.workqueue..",
                        "dev.feedloop.generation..",
                        "dev.feedloop.export..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.feedloop.feedback..")
                .check(classes);
    }

    @Test
    void entitiesArePackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(Entity.class)
                .should()
                .notBePublic()
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void repositoriesArePackagePrivate() {
        classes()
                .that()
                .areAssignableTo(Repository.class)
                .should()
                .notBePublic()
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void controllersDoNotOpenTransactions() {
        methods()
                .that()
                .areDeclaredInClassesThat()
                .areAnnotatedWith(Controller.class)
                .or()
                .areDeclaredInClassesThat()
                .areAnnotatedWith(RestController.class)
                .should()
                .notBeAnnotatedWith(Transactional.class)
                .allowEmptyShould(false)
                .check(classes);
        classes()
                .that()
                .areAnnotatedWith(Controller.class)
                .or()
                .areAnnotatedWith(RestController.class)
                .should()
                .notBeAnnotatedWith(Transactional.class)
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void controllersDoNotUseRepositories() {
        noClasses()
                .that()
                .areAnnotatedWith(Controller.class)
                .or()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Repository.class)
                .allowEmptyShould(false)
                .check(classes);
    }

    @Test
    void noGrabBagClasses() {
        grabBagClasses.check(classes);
    }

    /** A prohibition passes when nothing matches, so it is shown to match what it prohibits. */
    @Test
    void grabBagRuleCatchesAGrabBagClass() {
        JavaClasses fixtures = new ClassFileImporter().importClasses(StringHelper.class, ModularityTests.class);
        assertThat(grabBagClasses.evaluate(fixtures).getFailureReport().getDetails())
                .singleElement()
                .asString()
                .contains(StringHelper.class.getName());
    }

    @Test
    void writesModuleDocumentation() throws IOException {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
        Path docs = Path.of("target", "spring-modulith-docs");
        assertThat(Files.readString(docs.resolve("components.puml")))
                .contains(modules.stream().map(m -> m.getDisplayName()).toList());
        modules.forEach(m -> assertThat(docs.resolve("module-" + m.getIdentifier() + ".puml"))
                .isNotEmptyFile());
    }

    static final ArchRule grabBagClasses = noClasses()
            .should()
            .haveSimpleNameEndingWith("Util")
            .orShould()
            .haveSimpleNameEndingWith("Utils")
            .orShould()
            .haveSimpleNameEndingWith("Helper")
            .orShould()
            .haveSimpleNameEndingWith("Manager")
            .allowEmptyShould(false);

    /** What {@link #grabBagClasses} must refuse. */
    static final class StringHelper {}
}
