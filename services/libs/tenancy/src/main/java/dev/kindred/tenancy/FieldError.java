package dev.kindred.tenancy;

/** One invalid field of a request: a JSON-pointer-like path ({@code events[3].type}) and why. */
public record FieldError(String field, String detail, Integer index) {

  public static FieldError of(String field, String detail) {
    return new FieldError(field, detail, null);
  }

  public static FieldError at(int index, String field, String detail) {
    return new FieldError(field, detail, index);
  }
}
