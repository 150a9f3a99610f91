// SpatiaLite owner: one database per district with layers, the road graph and metadata.
