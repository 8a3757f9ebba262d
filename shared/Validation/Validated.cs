namespace CoP.Shared.Validation;

/// <summary>
/// The outcome of checking what a client sent: the checked value, or the errors by field name (camelCase, as the
/// client wrote it) that the function answers as a 400 validation problem. Rules collect errors in a
/// <see cref="FieldErrors"/> and end with <see cref="FieldErrors.Result{T}"/>; callers switch on the two cases.
/// </summary>
public abstract record Validated<T>
{
    private Validated()
    {
    }

    /// <summary>Everything was acceptable.</summary>
    public sealed record Valid(T Value) : Validated<T>;

    /// <summary>At least one field was not; nothing was changed.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : Validated<T>;
}

/// <summary>The errors a rule finds while it checks a request, field by field; the first error of a field wins.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message) => errors.TryAdd(field, [message]);

    /// <summary>Adds <paramref name="message"/> to <paramref name="field"/> when there is one; the message, for chaining.</summary>
    public string? AddIf(string field, string? message)
    {
        if (message is not null)
        {
            Add(field, message);
        }

        return message;
    }

    /// <summary>Checks free text with the one text policy; the cleaned text, or null with the error recorded.</summary>
    public string? Text(string? value, TextField field)
    {
        AddIf(field.Name, PlainText.Check(value, field, out var cleaned));
        return cleaned;
    }

    /// <summary>The value when no error was recorded, the errors otherwise.</summary>
    public Validated<T> Result<T>(Func<T> value) =>
        Any ? new Validated<T>.Invalid(new Dictionary<string, string[]>(errors, StringComparer.Ordinal)) : new Validated<T>.Valid(value());
}
