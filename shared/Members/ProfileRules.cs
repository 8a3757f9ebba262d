using System.Text.Json;
using CoP.Shared.Validation;

namespace CoP.Shared.Members;

/// <summary>
/// What a change of the member's own profile may be: a JSON merge patch whose fields sent change, null clearing an
/// optional one. The email address cannot be changed; new topics come from those offered.
/// </summary>
public static class ProfileRules
{
    private const string NotUnicode = "The text is not valid Unicode.";

    public static Validated<ProfileChanges> Check(IReadOnlyDictionary<string, JsonElement> patch, IReadOnlySet<string> allowedTopics)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var errors = new FieldErrors();
        var changes = new ProfileChanges();
        foreach (var (field, value) in patch)
        {
            changes = field switch
            {
                "name" => Name(value, errors, changes),
                "organization" => Text(value, MemberRules.OrganizationField, errors, changes, (c, v) => c with { Organization = v, ClearOrganization = v is null }),
                "role" => Text(value, MemberRules.RoleField, errors, changes, (c, v) => c with { Role = v, ClearRole = v is null }),
                "country" => Country(value, errors, changes),
                "language" => value.ValueKind == JsonValueKind.String && MemberRules.CheckLanguage(value.GetString(), out var language) is null
                    ? changes with { Language = language }
                    : Refuse(errors, field, $"The language must be one of: {string.Join(", ", MemberRules.Languages)}.", changes),
                "newsletter" => value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? changes with { Newsletter = value.GetBoolean() }
                    : Refuse(errors, field, "Use true or false.", changes),
                "topics" => Topics(value, allowedTopics, errors, changes),
                "email" => Refuse(errors, field, "The email address cannot be changed; register the new address instead.", changes),
                _ => Refuse(errors, field, "This field does not exist or cannot be changed.", changes),
            };
        }

        return errors.Result(() => changes);
    }

    private static ProfileChanges Name(JsonElement value, FieldErrors errors, ProfileChanges changes)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Refuse(errors, "name", "The name is a string and cannot be removed.", changes);
        }

        if (!TryReadString(value, out var text))
        {
            return Refuse(errors, "name", NotUnicode, changes);
        }

        return errors.Text(text, MemberRules.NameField) is { } name ? changes with { Name = name } : changes;
    }

    private static ProfileChanges Text(JsonElement value, TextField field, FieldErrors errors, ProfileChanges changes, Func<ProfileChanges, string?, ProfileChanges> apply)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return apply(changes, null);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Refuse(errors, field.Name, "The value is a string or null.", changes);
        }

        if (!TryReadString(value, out var text))
        {
            return Refuse(errors, field.Name, NotUnicode, changes);
        }

        // Text that cleans to nothing clears the field, as null does.
        var error = PlainText.Check(text, field, out var cleaned);
        return error is null ? apply(changes, cleaned) : Refuse(errors, field.Name, error, changes);
    }

    private static ProfileChanges Country(JsonElement value, FieldErrors errors, ProfileChanges changes) => value.ValueKind switch
    {
        JsonValueKind.Null => changes with { ClearCountry = true },
        JsonValueKind.String when MemberRules.CheckCountry(value.GetString(), out var country) is null && country is not null => changes with { Country = country },
        _ => Refuse(errors, "country", "The country must be an ISO 3166-1 alpha-2 code such as FR or KE, or null.", changes),
    };

    private static ProfileChanges Topics(JsonElement value, IReadOnlySet<string> allowed, FieldErrors errors, ProfileChanges changes)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return changes with { Topics = [] };
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
        {
            return Refuse(errors, "topics", "Topics are an array of slugs.", changes);
        }

        var slugs = new List<string>();
        foreach (var slug in value.EnumerateArray())
        {
            if (!TryReadString(slug, out var text))
            {
                return Refuse(errors, "topics", NotUnicode, changes);
            }

            slugs.Add(text ?? "");
        }

        var error = MemberRules.CheckTopics(slugs, allowed, out var topics);
        return error is null ? changes with { Topics = topics } : Refuse(errors, "topics", error, changes);
    }

    /// <summary>
    /// A JSON string's text, or false when it cannot be read as text: a patch is kept as JSON elements until here, and
    /// an escaped lone surrogate ("\ud800") makes <see cref="JsonElement.GetString"/> throw, as deserializing it into a
    /// string would have refused it.
    /// </summary>
    private static bool TryReadString(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static ProfileChanges Refuse(FieldErrors errors, string field, string message, ProfileChanges changes)
    {
        errors.Add(field, message);
        return changes;
    }
}
