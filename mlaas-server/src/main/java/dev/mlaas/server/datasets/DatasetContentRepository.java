package dev.mlaas.server.datasets;

import org.springframework.data.jpa.repository.JpaRepository;

interface DatasetContentRepository extends JpaRepository<DatasetContentEntity, Long> {

}
