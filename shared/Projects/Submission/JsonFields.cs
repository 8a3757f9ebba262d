using System.Globalization;
using System.Text.Json;
using CoP.Shared.Validation;

namespace CoP.Shared.Projects.Submission;

/// <summary>
/// One JSON object of a request, read field by field: only the names it may have, each once, each value of its JSON
/// type. Every refusal goes to the <see cref="FieldErrors"/> under the field's path (<c>carbon.registryUrl</c>,
/// <c>organisations[2].role</c>), so the answer names what is wrong; an absent field and a JSON <c>null</c> both read
/// as absent.
/// </summary>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _values;
    private readonly FieldErrors _errors;
    private readonly string _path;

    private JsonFields(Dictionary<string, JsonElement> values, string path, FieldErrors errors) =>
        (_values, _path, _errors) = (values, path, errors);

    /// <summary>The object's fields, or null (with an error on <paramref name="path"/>) when it is not an object.</summary>
    public static JsonFields? Open(JsonElement element, string path, IReadOnlySet<string> known, FieldErrors errors, string shape)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Name(path), $"This is {shape}.");
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var field = Child(path, property.Name);
            if (!known.Contains(property.Name))
            {
                errors.Add(Name(field), "This field is not known.");
            }
            else if (!values.TryAdd(property.Name, property.Value))
            {
                errors.Add(Name(field), "Send this field once.");
            }
        }

        return new JsonFields(values, path, errors);
    }

    public FieldErrors Errors => _errors;

    public string PathOf(string name) => Child(_path, name);

    /// <summary>The raw value, or null when absent or <c>null</c>.</summary>
    public JsonElement? Value(string name) =>
        _values.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public bool Has(string name) => Value(name) is not null;

    public string? String(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(PathOf(name), "This is a string.");
            return null;
        }

        return value.GetString();
    }

    /// <summary>A finite number, or null (with an error when it was something else).</summary>
    public double? Number(string name)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            _errors.Add(PathOf(name), "This is a number.");
            return null;
        }

        return number;
    }

    /// <summary>An array of at most <paramref name="max"/> items, or null (with an error when it was something else).</summary>
    public IReadOnlyList<JsonElement>? Array(string name, int max, string what)
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > max)
        {
            _errors.Add(PathOf(name), $"This is a list of at most {max} {what}.");
            return null;
        }

        return [.. value.EnumerateArray()];
    }

    /// <summary>An array of strings (at most <paramref name="max"/>); null with an error when an item is not a string.</summary>
    public IReadOnlyList<string>? Strings(string name, int max, string what)
    {
        if (Array(name, max, what) is not { } items)
        {
            return null;
        }

        if (items.Any(i => i.ValueKind != JsonValueKind.String))
        {
            _errors.Add(PathOf(name), $"This is a list of at most {max} {what}, each a string.");
            return null;
        }

        return [.. items.Select(i => i.GetString()!)];
    }

    /// <summary>The enum value named by a string field (<see cref="ProjectNames"/>); null when absent or unknown (then with an error).</summary>
    public T? Name<T>(string name)
        where T : struct, Enum
    {
        if (String(name) is not { } text)
        {
            return null;
        }

        if (!ProjectNames.TryParse(text, out T value))
        {
            _errors.Add(PathOf(name), $"This is one of: {string.Join(", ", ProjectNames.All<T>())}.");
            return null;
        }

        return value;
    }

    /// <summary>A date <c>yyyy-MM-dd</c> between 1950 and 2100, or null (with an error when it was something else).</summary>
    public DateOnly? Date(string name)
    {
        if (String(name) is not { } text)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date < ProjectRules.EarliestDate || date > ProjectRules.LatestDate)
        {
            _errors.Add(PathOf(name), $"This is a date written yyyy-MM-dd, between {ProjectRules.EarliestDate:yyyy} and {ProjectRules.LatestDate:yyyy}.");
            return null;
        }

        return date;
    }

    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Name(string path) => path.Length == 0 ? "body" : path;
}
