package dev.feedloop.projects.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.AgreementSettings;
import dev.feedloop.projects.GoldSettings;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.Guidelines;
import dev.feedloop.projects.MemberView;
import dev.feedloop.projects.Members;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.ProjectStatus;
import dev.feedloop.projects.ProjectSummary;
import dev.feedloop.projects.Projects;
import dev.feedloop.projects.RatingDimension;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Projects, their guidelines and members over JSON. Changes are for administrators only. */
@RestController
@RequestMapping("/api/v1/projects")
class ProjectsApiController {

    private final Projects projects;
    private final Guidelines guidelines;
    private final Members members;

    ProjectsApiController(Projects projects, Guidelines guidelines, Members members) {
        this.projects = projects;
        this.guidelines = guidelines;
        this.members = members;
    }

    /**
     * A project's settings; on create every absent field takes its default, on update every absent
     * field keeps its current value. The slug cannot change.
     */
    record ProjectRequest(
            String slug,
            String name,
            String description,
            String guidelines,
            Integer demonstrationsPerItem,
            Integer rankingsPerItem,
            Integer leaseMinutes,
            Boolean tiesAllowed,
            List<RatingDimension> ratingDimensions,
            List<String> flags,
            Boolean hideModelNames,
            Boolean pairwiseStrength,
            Integer goldRate,
            Integer goldMinJudgments,
            Integer goldThreshold,
            Integer agreementThreshold,
            Integer maxExtraRankings,
            Integer quickSeconds,
            ProjectStatus status) {

        ProjectDefinition over(ProjectDefinition base) {
            return new ProjectDefinition(
                    slug != null ? slug : base.slug(),
                    name != null ? name : base.name(),
                    description != null ? description : base.description(),
                    status != null ? status : base.status(),
                    demonstrationsPerItem != null ? demonstrationsPerItem : base.demonstrationsPerItem(),
                    rankingsPerItem != null ? rankingsPerItem : base.rankingsPerItem(),
                    leaseMinutes != null ? leaseMinutes : base.leaseMinutes(),
                    tiesAllowed != null ? tiesAllowed : base.tiesAllowed(),
                    ratingDimensions != null ? ratingDimensions : base.ratingDimensions(),
                    flags != null ? flags : base.flags(),
                    hideModelNames != null ? hideModelNames : base.hideModelNames(),
                    pairwiseStrength != null ? pairwiseStrength : base.pairwiseStrength(),
                    new GoldSettings(
                            goldRate != null ? goldRate : base.gold().rate(),
                            goldMinJudgments != null
                                    ? goldMinJudgments
                                    : base.gold().minimumJudgments(),
                            goldThreshold != null ? goldThreshold : base.gold().thresholdPercent()),
                    new AgreementSettings(
                            agreementThreshold != null
                                    ? agreementThreshold
                                    : base.agreement().thresholdPercent(),
                            maxExtraRankings != null
                                    ? maxExtraRankings
                                    : base.agreement().maxExtraRankings(),
                            quickSeconds != null
                                    ? quickSeconds
                                    : base.agreement().quickSeconds()));
        }
    }

    record ProjectResponse(
            long id,
            String slug,
            String name,
            String description,
            ProjectStatus status,
            int demonstrationsPerItem,
            int rankingsPerItem,
            int leaseMinutes,
            boolean tiesAllowed,
            List<RatingDimension> ratingDimensions,
            List<String> flags,
            boolean hideModelNames,
            boolean pairwiseStrength,
            int goldRate,
            int goldMinJudgments,
            int goldThreshold,
            int agreementThreshold,
            int maxExtraRankings,
            int quickSeconds,
            int guidelinesVersion,
            String guidelines) {

        static ProjectResponse of(ProjectSettings p, GuidelineView g) {
            return new ProjectResponse(
                    p.id(),
                    p.slug(),
                    p.name(),
                    p.description(),
                    p.status(),
                    p.demonstrationsPerItem(),
                    p.rankingsPerItem(),
                    p.leaseMinutes(),
                    p.tiesAllowed(),
                    p.ratingDimensions(),
                    p.flags(),
                    p.hideModelNames(),
                    p.pairwiseStrength(),
                    p.gold().rate(),
                    p.gold().minimumJudgments(),
                    p.gold().thresholdPercent(),
                    p.agreement().thresholdPercent(),
                    p.agreement().maxExtraRankings(),
                    p.agreement().quickSeconds(),
                    g.version(),
                    g.content());
        }
    }

    record MemberRequest(@NotNull @NotEmpty Set<ProjectRole> roles) {}

    record MemberResponse(
            String username,
            String displayName,
            Set<ProjectRole> roles,
            Instant addedAt,
            boolean paused,
            PauseResponse pause,
            Instant reinstatedAt) {
        static MemberResponse of(MemberView m) {
            return new MemberResponse(
                    m.username(),
                    m.displayName(),
                    m.roles(),
                    m.addedAt(),
                    m.pause() != null,
                    m.pause() == null ? null : PauseResponse.of(m.pause()),
                    m.reinstatedAt());
        }
    }

    /** Why a member is paused: {@code GOLD} with the accuracy (0 to 1) and judgments, or {@code MANUAL}. */
    record PauseResponse(Instant at, String reason, Double accuracy, Integer judgments) {
        static PauseResponse of(dev.feedloop.projects.Pause p) {
            return new PauseResponse(p.at(), p.reason(), p.accuracy(), p.judgments());
        }
    }

    record GuidelinesRequest(@NotBlank String content) {}

    record GuidelinesResponse(int version, String content, Long authorId, Instant createdAt) {
        static GuidelinesResponse of(GuidelineView g) {
            return new GuidelinesResponse(g.version(), g.content(), g.authorId(), g.createdAt());
        }
    }

    @GetMapping
    List<ProjectSummary> list(@AuthenticationPrincipal AccountPrincipal me) {
        return projects.list(me);
    }

    /** Admin only (the API filter chain and the service both check). */
    @PostMapping
    ResponseEntity<ProjectResponse> create(
            @RequestBody ProjectRequest request, @AuthenticationPrincipal AccountPrincipal me) {
        ProjectDefinition definition = request.over(ProjectDefinition.defaults(null, null));
        ProjectSettings created = projects.create(definition, request.guidelines(), me);
        return ResponseEntity.created(URI.create("/api/v1/projects/" + created.slug()))
                .body(ProjectResponse.of(created, projects.currentGuidelines(created.id())));
    }

    @GetMapping("/{slug}")
    ProjectResponse get(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        return ProjectResponse.of(project, projects.currentGuidelines(project.id()));
    }

    @PutMapping("/{slug}")
    ProjectResponse update(
            @PathVariable String slug,
            @RequestBody ProjectRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        ProjectSettings current = projects.requireVisible(slug, me);
        ProjectSettings updated = projects.update(slug, request.over(current.definition()), me);
        if (request.guidelines() != null) {
            guidelines.save(slug, request.guidelines(), me);
        }
        return ProjectResponse.of(updated, projects.currentGuidelines(updated.id()));
    }

    @GetMapping("/{slug}/guidelines")
    GuidelinesResponse currentGuidelines(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return GuidelinesResponse.of(
                projects.currentGuidelines(projects.requireVisible(slug, me).id()));
    }

    /** Saves a new version of the guidelines (admin only). */
    @PutMapping("/{slug}/guidelines")
    GuidelinesResponse saveGuidelines(
            @PathVariable String slug,
            @Valid @RequestBody GuidelinesRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return GuidelinesResponse.of(guidelines.save(slug, request.content(), me));
    }

    @GetMapping("/{slug}/members")
    List<MemberResponse> members(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return members.list(slug, me).stream().map(MemberResponse::of).toList();
    }

    /** Adds the user as a member with exactly these roles, or replaces their roles (admin only). */
    @PutMapping("/{slug}/members/{username}")
    MemberResponse setMember(
            @PathVariable String slug,
            @PathVariable String username,
            @Valid @RequestBody MemberRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return MemberResponse.of(members.setRoles(slug, username, request.roles(), me));
    }

    /** Pauses a member by hand: no new tasks in the project until reinstated. */
    @PostMapping("/{slug}/members/{username}/pause")
    MemberResponse pause(
            @PathVariable String slug, @PathVariable String username, @AuthenticationPrincipal AccountPrincipal me) {
        members.pause(slug, username, me);
        return member(slug, username, me);
    }

    /** Lets a paused member claim again; gold accuracy for pausing counts from now on. */
    @PostMapping("/{slug}/members/{username}/reinstate")
    MemberResponse reinstate(
            @PathVariable String slug, @PathVariable String username, @AuthenticationPrincipal AccountPrincipal me) {
        members.reinstate(slug, username, me);
        return member(slug, username, me);
    }

    private MemberResponse member(String slug, String username, AccountPrincipal me) {
        return members.list(slug, me).stream()
                .filter(m -> m.username().equals(username))
                .map(MemberResponse::of)
                .findFirst()
                .orElseThrow();
    }

    @DeleteMapping("/{slug}/members/{username}")
    ResponseEntity<Void> removeMember(
            @PathVariable String slug, @PathVariable String username, @AuthenticationPrincipal AccountPrincipal me) {
        members.remove(slug, username, me);
        return ResponseEntity.noContent().build();
    }
}
