using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>
/// The profile page's form, read as the JSON merge patch that PATCH /api/members/me takes, so that the page and the API
/// go through the same rules (<see cref="CoP.Shared.Members.ProfileRules"/>). A field the form does not send is left
/// unchanged, an empty optional field is cleared, and the topics are the boxes ticked (none ticked: none).
/// </summary>
public sealed record ProfileForm(
    string? Name, string? Organization, string? Role, string? Country, string? Language, string? Newsletter, IReadOnlyList<string> Topics)
{
    private static readonly string[] SingleFields = ["name", "organization", "role", "country", "language", "newsletter"];

    /// <summary>The values posted, each field once (a repeated one is an error, as the API's JSON cannot repeat one).</summary>
    public static Validated<ProfileForm> Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new FieldErrors();
        var values = SingleFields.ToDictionary(field => field, field => FormOrJsonBody.OneValue(form, field, errors), StringComparer.Ordinal);
        var topics = form["topics"].OfType<string>().ToList();
        return errors.Result(() => new ProfileForm(
            values["name"], values["organization"], values["role"], values["country"], values["language"], values["newsletter"], topics));
    }

    /// <summary>The form filled with the profile as stored.</summary>
    public static ProfileForm Of(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new(member.Name, member.Organization, member.Role, member.Country, member.Language, member.Newsletter ? "yes" : "no", member.Topics);
    }

    /// <summary>The same change as a JSON merge patch.</summary>
    public IReadOnlyDictionary<string, JsonElement> ToPatch()
    {
        var patch = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["topics"] = JsonSerializer.SerializeToElement(Topics),
        };
        Add(patch, "name", Name, clearWhenEmpty: false);
        Add(patch, "organization", Organization, clearWhenEmpty: true);
        Add(patch, "role", Role, clearWhenEmpty: true);
        Add(patch, "country", Country, clearWhenEmpty: true);
        Add(patch, "language", Language, clearWhenEmpty: false);
        if (Newsletter is not null)
        {
            patch["newsletter"] = Newsletter switch
            {
                "yes" => JsonSerializer.SerializeToElement(true),
                "no" => JsonSerializer.SerializeToElement(false),
                // Neither: the rules refuse it, as they refuse a JSON string.
                var other => JsonSerializer.SerializeToElement(other),
            };
        }

        return patch;
    }

    private static void Add(Dictionary<string, JsonElement> patch, string field, string? value, bool clearWhenEmpty)
    {
        if (value is not null)
        {
            patch[field] = clearWhenEmpty && string.IsNullOrWhiteSpace(value)
                ? JsonSerializer.SerializeToElement<string?>(null)
                : JsonSerializer.SerializeToElement(value);
        }
    }
}
