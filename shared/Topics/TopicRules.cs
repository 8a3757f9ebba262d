using System.Text.RegularExpressions;
using CoP.Shared.Validation;

namespace CoP.Shared.Topics;

/// <summary>A topic's editable fields, checked and cleaned.</summary>
public sealed record TopicDraft(string Name, string? Description);

/// <summary>What a topic slug, name and description may be.</summary>
public static partial class TopicRules
{
    public const int MaxSlugLength = 64;
    public const int MaxNameLength = 120;
    public const int MaxDescriptionLength = 1000;

    /// <summary>Lowercase words of letters and digits joined by single hyphens, 2-64 characters.</summary>
    public static bool IsValidSlug(string? slug) =>
        slug is { Length: >= 2 and <= MaxSlugLength } && SlugPattern().IsMatch(slug);

    public static readonly TextField NameField = new("name", MaxNameLength, Required: true, Label: "name");

    public static readonly TextField DescriptionField = new("description", MaxDescriptionLength, Multiline: true, Label: "description");

    /// <summary>Checks a topic's editable fields with the one text policy (<see cref="PlainText"/>).</summary>
    public static Validated<TopicDraft> Check(string? name, string? description)
    {
        var errors = new FieldErrors();
        var cleanedName = errors.Text(name, NameField);
        var cleanedDescription = errors.Text(description, DescriptionField);
        return errors.Result(() => new TopicDraft(cleanedName ?? "", cleanedDescription));
    }

    // \z, not $: $ also matches before a final line break, and "soil\n" is no slug.
    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
