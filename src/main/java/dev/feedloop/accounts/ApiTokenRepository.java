package dev.feedloop.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByPrefix(String prefix);

    List<ApiToken> findByUserIdOrderByCreatedAtDesc(long userId);
}
