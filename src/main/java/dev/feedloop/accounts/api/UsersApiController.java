package dev.feedloop.accounts.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
class UsersApiController {

    private final Users users;

    UsersApiController(Users users) {
        this.users = users;
    }

    record CreateUserRequest(
            @NotBlank
            @Pattern(
                    regexp = "^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$",
                    message = "must be 2 to 40 letters, digits, dots, dashes or underscores")
            String username,

            @NotBlank String password,
            @Size(max = 100) String displayName,
            Boolean admin) {}

    record CreatedUserResponse(long id, String username) {}

    record MeResponse(long id, String username, String displayName, boolean admin) {}

    /** Admin only (enforced by the API filter chain). */
    @PostMapping
    ResponseEntity<CreatedUserResponse> create(@Valid @RequestBody CreateUserRequest request) {
        UserView user = users.create(new NewUser(
                request.username(), request.password(), request.displayName(), Boolean.TRUE.equals(request.admin())));
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id()))
                .body(new CreatedUserResponse(user.id(), user.username()));
    }

    @GetMapping("/me")
    MeResponse me(@AuthenticationPrincipal AccountPrincipal me) {
        UserView user = users.get(me.id());
        return new MeResponse(user.id(), user.username(), user.displayName(), user.admin());
    }
}
