package dev.feedloop.testsupport;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.Members;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Creates projects and memberships for tests, as an administrator would. */
public class TestProjects {

    private static final AtomicInteger counter = new AtomicInteger();

    private final Projects projects;
    private final Members members;
    private final TestUsers users;

    public TestProjects(Projects projects, Members members, TestUsers users) {
        this.projects = projects;
        this.members = members;
        this.users = users;
    }

    /** An active project with the default settings. */
    public ProjectSettings create() {
        return create(d -> d);
    }

    /** A project with the defaults (status ACTIVE) changed by {@code changes}. */
    public ProjectSettings create(UnaryOperator<ProjectDefinition> changes) {
        int n = counter.incrementAndGet();
        ProjectDefinition defaults = ProjectDefinition.defaults("project-" + n, "Project " + n);
        ProjectDefinition active = new ProjectDefinition(
                defaults.slug(),
                defaults.name(),
                defaults.description(),
                dev.feedloop.projects.ProjectStatus.ACTIVE,
                defaults.demonstrationsPerItem(),
                defaults.rankingsPerItem(),
                defaults.leaseMinutes(),
                defaults.tiesAllowed(),
                defaults.ratingDimensions(),
                defaults.flags(),
                defaults.hideModelNames(),
                defaults.pairwiseStrength());
        return projects.create(changes.apply(active), "", TestUsers.principal(users.admin()));
    }

    /** Adds {@code user} to the project with {@code roles}. */
    public void addMember(ProjectSettings project, UserView user, ProjectRole... roles) {
        members.setRoles(project.slug(), user.username(), Set.of(roles), TestUsers.principal(users.admin()));
    }
}
