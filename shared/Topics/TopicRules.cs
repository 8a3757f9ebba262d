using System.Text.RegularExpressions;

namespace CoP.Shared.Topics;

/// <summary>What a topic slug, name and description may be.</summary>
public static partial class TopicRules
{
    public const int MaxSlugLength = 64;
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 1000;

    /// <summary>Lowercase words of letters and digits joined by single hyphens, 2-64 characters.</summary>
    public static bool IsValidSlug(string? slug) =>
        slug is { Length: >= 2 and <= MaxSlugLength } && SlugPattern().IsMatch(slug);

    /// <summary>Validates a topic's editable fields; the dictionary maps field names to messages.</summary>
    public static Dictionary<string, string[]> Validate(string? name, string? description)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var trimmedName = name?.Trim();
        if (string.IsNullOrEmpty(trimmedName))
        {
            errors["name"] = ["The name is required."];
        }
        else if (trimmedName.Length > MaxNameLength)
        {
            errors["name"] = [$"The name must be at most {MaxNameLength} characters."];
        }
        else if (trimmedName.Any(char.IsControl))
        {
            errors["name"] = ["The name must not contain control characters."];
        }

        if (description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"The description must be at most {MaxDescriptionLength} characters."];
        }
        else if (description is not null && description.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors["description"] = ["The description must not contain control characters other than line breaks and tabs."];
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
