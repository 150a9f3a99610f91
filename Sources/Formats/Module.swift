// Readers and writers: CSV, GeoJSON (RFC 7946), YAML; atomic writes.
