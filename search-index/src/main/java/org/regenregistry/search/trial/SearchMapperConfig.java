package org.regenregistry.search.trial;

import org.mapstruct.MapperConfig;
import org.mapstruct.ReportingPolicy;

/** Shared by every mapper of the index: a document field that nothing fills fails the build. */
@MapperConfig(unmappedTargetPolicy = ReportingPolicy.ERROR)
interface SearchMapperConfig {}
