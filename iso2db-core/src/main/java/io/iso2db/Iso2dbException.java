package io.iso2db;

import java.util.Objects;

/** The one exception iso2db throws: unchecked, with an {@link ErrorCode} and an actionable message. */
public class Iso2dbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public Iso2dbException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Iso2dbException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** What kind of failure this is. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public String toString() {
        return "Iso2dbException[" + code + "]: " + getMessage();
    }
}
