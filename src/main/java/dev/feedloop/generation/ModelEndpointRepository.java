package dev.feedloop.generation;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ModelEndpointRepository extends JpaRepository<ModelEndpoint, Long> {

    @Query("select e from ModelEndpoint e order by lower(e.name)")
    List<ModelEndpoint> findAllOrdered();

    @Query("select e from ModelEndpoint e where lower(e.name) = lower(?1)")
    Optional<ModelEndpoint> findByNameIgnoringCase(String name);
}
