package dev.feedloop.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<AppUser, Long> {

    /** The user whose username has this {@link Users#usernameKey key} (uses the unique index). */
    @Query(value = "SELECT * FROM app_user WHERE lower(username COLLATE \"C\") = ?1", nativeQuery = true)
    Optional<AppUser> findByUsernameKey(String key);

    @Query("select u from AppUser u order by lower(u.username)")
    List<AppUser> findAllOrdered();

    @Query("select count(u) > 0 from AppUser u where u.admin = true and u.enabled = true and u.id <> ?1")
    boolean existsOtherEnabledAdmin(long id);
}
