"""Writers: walk a composed Document and write one format. They read no YAML and format no numbers."""
