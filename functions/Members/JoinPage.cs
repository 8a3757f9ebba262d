using System.Collections.Frozen;
using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>
/// The registration form (the <c>join</c> page): the topics offered now, countries, languages and the bot traps, blank
/// or, after a refused post, with what was typed (encoded by the template) and each error beside its field.
/// </summary>
public static class JoinPage
{
    /// <summary>The languages the form offers: those the pages speak.</summary>
    private static readonly string[] Languages = ["en", "fr", "es"];

    private static readonly FrozenSet<string> Fields = FrozenSet.Create(
        StringComparer.Ordinal, "email", "name", "organization", "role", "country", "topics", "newsletter", "language", "consent");

    /// <summary>What the form shows in its fields.</summary>
    public sealed record Values(
        string Email, string Name, string Organization, string Role, string Country, string Language,
        IReadOnlyList<string> Topics, bool Newsletter, bool Consent, string FormStartedAt)
    {
        /// <summary>A blank form, its topics chosen by <c>?topic=</c> (repeated or comma-separated), started now.</summary>
        public static Values Blank(HttpRequest request, DateTimeOffset now) => new(
            "", "", "", "", "", "",
            [.. request.Query["topic"].SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
            false, false, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        /// <summary>What a browser posted, to show it again.</summary>
        public static Values Posted(IFormCollection form) => new(
            First(form, "email"), First(form, "name"), First(form, "organization"), First(form, "role"), First(form, "country"),
            First(form, "language"), [.. form["topics"].OfType<string>()], IsOn(First(form, "newsletter")), IsOn(First(form, "consent")),
            First(form, "formStartedAt"));

        private static string First(IFormCollection form, string field) => form[field].FirstOrDefault() ?? "";

        private static bool IsOn(string value) => value.Trim().ToLowerInvariant() is "on" or "true" or "1" or "yes";
    }

    /// <summary>The form page with <paramref name="values"/>; <paramref name="errors"/> (the API's, by field) shown beside their fields.</summary>
    public static IResult Page(int status, IReadOnlyList<Topic> offered, Values values, IReadOnlyDictionary<string, string[]> errors, JoinSettings settings) =>
        HtmlPages.Page(status, "join", language => new
        {
            Email = Field(values.Email, errors, "email"),
            Name = Field(values.Name, errors, "name"),
            Organization = Field(values.Organization, errors, "organization"),
            Role = Field(values.Role, errors, "role"),
            Country = Field(values.Country, errors, "country"),
            Topics = Field("", errors, "topics"),
            Language = Field(values.Language, errors, "language"),
            Newsletter = Field(values.Newsletter ? "on" : "", errors, "newsletter"),
            Consent = Field(values.Consent ? "on" : "", errors, "consent"),
            // Errors on no field of the form (an unreadable body) are said once, in the summary.
            Unreadable = errors.Keys.Any(field => !Fields.Contains(field)),
            HasErrors = errors.Count > 0,
            Offered = offered.Select(topic => new
            {
                topic.Slug,
                topic.Name,
                Description = topic.Description ?? "",
                Checked = values.Topics.Contains(topic.Slug, StringComparer.Ordinal),
            }).ToList(),
            Countries = Countries.Named.Select(c => new Choice(c.Code, c.Name, string.Equals(c.Code, values.Country.Trim(), StringComparison.OrdinalIgnoreCase))).ToList(),
            Languages = Languages.Select(code => new Choice(
                code, code, string.Equals(code, values.Language.Length > 0 ? values.Language.Trim() : language, StringComparison.OrdinalIgnoreCase))).ToList(),
            Honeypot = settings.HoneypotField,
            Privacy = settings.PrivacyPage,
            values.FormStartedAt,
        });

    /// <summary>The page an accepted browser post leads to: check your inbox, then confirm (or post the form again).</summary>
    public static IResult Sent() => HtmlPages.Page(StatusCodes.Status200OK, "join-sent");

    // A field's value and what went wrong with it: "" (nothing), "required", "long" or "invalid", which the template words.
    private static FormField Field(string value, IReadOnlyDictionary<string, string[]> errors, string field) =>
        new(value, errors.TryGetValue(field, out var messages) && messages.FirstOrDefault() is { } message
            ? message.Contains("required", StringComparison.Ordinal) ? "required"
            : message.StartsWith("At most", StringComparison.Ordinal) || message.Contains("at most", StringComparison.Ordinal) ? "long"
            : "invalid"
            : "");

    /// <summary>What the form needs from the settings: the bot trap's field and where the privacy notice is.</summary>
    public sealed record JoinSettings(string HoneypotField, string PrivacyPage)
    {
        public static JoinSettings From(MembershipOptions membership, PageLayout layout) => new(membership.HoneypotField, layout.PrivacyPage);
    }

    private sealed record FormField(string Value, string Error);

    private sealed record Choice(string Code, string Name, bool Selected);
}
