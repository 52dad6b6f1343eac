"""kaiping-kg: government work reports in, a validated RDF knowledge graph out."""

__version__ = "0.1.0"
