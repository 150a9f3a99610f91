// Road graphs as CSR arrays and bounded shortest-path searches over them.
