using System.Globalization;
using System.Text;
using CoP.Shared.Validation;

namespace CoP.Shared.Members;

/// <summary>
/// What registration and profile fields may be, and how they are normalised. Free text goes through the one text
/// policy (the <c>*Field</c>s); each other check returns an error message for the field or null.
/// </summary>
public static class MemberRules
{
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 100;
    public const int MaxOrganizationLength = 150;
    public const int MaxRoleLength = 100;
    public const int MaxTopics = 20;

    /// <summary>Names, organisations and roles follow the one text policy (<see cref="PlainText"/>), on one line.</summary>
    public static readonly TextField NameField = new("name", MaxNameLength, Required: true, Label: "name");

    public static readonly TextField OrganizationField = new("organization", MaxOrganizationLength, Label: "organization");

    public static readonly TextField RoleField = new("role", MaxRoleLength, Label: "role");

    public static readonly IReadOnlySet<string> Languages = new HashSet<string>(StringComparer.Ordinal) { "en", "fr", "es", "pt", "de" };

    /// <summary>
    /// A trimmed address with one @, a local part of at most 64 and a domain with a dot, no whitespace,
    /// control, format (bidi, zero-width) or header-breaking characters. Returns the address to send to.
    /// </summary>
    public static string? CheckEmail(string? value, out string normalized)
    {
        normalized = "";
        var email = value?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            return "The email address is required.";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"The email address must be at most {MaxEmailLength} characters.";
        }

        if (email.Any(c => char.IsWhiteSpace(c) || IsInvisibleOrControl(c) || c is '<' or '>' or '"' or ',' or ';' or ':' or '\\' or '(' or ')' or '[' or ']'))
        {
            return "The email address contains characters that are not allowed.";
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || at > 64)
        {
            return "The email address must have one @ after a local part of at most 64 characters.";
        }

        var local = email[..at];
        var domain = email[(at + 1)..];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
        {
            return "The email address is not valid.";
        }

        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsLetterOrDigit(c) || c == '-'))
            || labels[^1].Length < 2)
        {
            return "The email address needs a domain such as example.org.";
        }

        // Form C can lengthen text (a composition exclusion such as U+FB2C becomes three characters), so the limits
        // hold for the address as it is stored and sent, not only as it was typed.
        var composed = email.Normalize(NormalizationForm.FormC);
        if (composed.Length > MaxEmailLength)
        {
            return $"The email address must be at most {MaxEmailLength} characters.";
        }

        if (composed.IndexOf('@', StringComparison.Ordinal) > 64)
        {
            return "The email address must have one @ after a local part of at most 64 characters.";
        }

        normalized = composed;
        return null;
    }

    /// <summary>The key under which addresses compare: case-insensitive.</summary>
    public static string EmailComparisonForm(string normalizedEmail) => normalizedEmail.ToLowerInvariant();

    public static string? CheckCountry(string? value, out string? country)
    {
        country = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        country = Countries.Normalize(value);
        return country is null ? "The country must be an ISO 3166-1 alpha-2 code such as FR or KE." : null;
    }

    public static string? CheckLanguage(string? value, out string language)
    {
        language = string.IsNullOrWhiteSpace(value) ? "en" : value.Trim().ToLowerInvariant();
        return Languages.Contains(language) ? null : $"The language must be one of: {string.Join(", ", Languages)}.";
    }

    /// <summary>Topics must be offered now (active in the catalog); duplicates are folded.</summary>
    public static string? CheckTopics(IReadOnlyList<string>? values, IReadOnlySet<string> offered, out IReadOnlyList<string> topics)
    {
        topics = [];
        if (values is null || values.Count == 0)
        {
            return null;
        }

        if (values.Count > MaxTopics)
        {
            return $"At most {MaxTopics} topics can be chosen.";
        }

        var distinct = values.Select(v => v?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        var unknown = distinct.Where(t => !offered.Contains(t)).ToList();
        if (unknown.Count > 0)
        {
            return "Unknown topic. Choose topics from GET /api/topics.";
        }

        topics = distinct;
        return null;
    }

    private static bool IsInvisibleOrControl(char c) => IsInvisibleOrControl(char.GetUnicodeCategory(c));

    private static bool IsInvisibleOrControl(UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
