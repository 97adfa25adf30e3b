package dev.mlaas.server.models;

import org.springframework.data.jpa.repository.JpaRepository;

interface ModelWeightsRepository extends JpaRepository<ModelWeightsEntity, Long> {

}
