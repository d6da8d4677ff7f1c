"""The graph layer's exceptions: one root, specific subclasses with machine-readable codes."""


class GraphError(Exception):
    """Root of every error the graph layer raises."""

    code = "graph_error"

    def __init__(self, message: str, *, detail: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class GraphUnavailable(GraphError):
    """Neo4j cannot be reached (down, restarting, wrong credentials)."""

    code = "graph_unavailable"


class EntityNotFound(GraphError):
    code = "not_found"


class Conflict(GraphError):
    """A write conflicts with what the graph holds (e.g. a key already used by another label)."""

    code = "conflict"


class PreconditionFailed(Conflict):
    """A write made on a version the client read (If-Match, a form's version) that changed since."""

    code = "precondition_failed"


class InvalidQuery(GraphError):
    """A request the graph refuses as given: a bad parameter, or a document whose facts the vocabulary
    does not allow (kg.services.document_load lists them in `detail`)."""

    code = "invalid_parameter"
