// readosm owner: nodes, ways and relations of .osm.pbf and .osm files as Swift values.
