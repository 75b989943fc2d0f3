package dev.feedloop.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<AppUser, Long> {

    @Query("select u from AppUser u where lower(u.username) = lower(?1)")
    Optional<AppUser> findByUsernameIgnoreCase(String username);

    @Query("select u from AppUser u order by lower(u.username)")
    List<AppUser> findAllOrdered();

    @Query("select count(u) > 0 from AppUser u where u.admin = true and u.enabled = true and u.id <> ?1")
    boolean existsOtherEnabledAdmin(long id);
}
