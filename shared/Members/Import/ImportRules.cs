using System.Globalization;
using CoP.Shared.Validation;

namespace CoP.Shared.Members.Import;

/// <summary>A row that can be imported: the member's details as a registration would have them, and the consent evidence.</summary>
public sealed record ImportedMember(RegistrationDetails Details, DateTimeOffset ConsentedAt, string ConsentSource);

/// <summary>
/// What an imported row must be: the fields of a registration, checked by the same rules (<see cref="MemberRules"/>,
/// topics offered now), and the evidence of consent given on the earlier platform: when (not in the future) and where.
/// An imported member receives the newsletter: that is what they consented to there.
/// </summary>
public static class ImportRules
{
    public const int MaxConsentSourceLength = 200;

    /// <summary>Where consent was given (a platform, a form, an event): free text under the one text policy, on one line.</summary>
    public static readonly TextField ConsentSourceField = new("consentSource", MaxConsentSourceLength, Required: true, Label: "consent source");

    private static readonly char[] TopicSeparators = [';', '|', ' ', '\t'];

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    public static Validated<ImportedMember> Check(ImportRow row, IReadOnlySet<string> offeredTopics, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Problem is { } problem)
        {
            // Its fields cannot be told apart reliably: the row is refused as a whole.
            return new Validated<ImportedMember>.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["row"] = [problem] });
        }

        var errors = new FieldErrors();
        errors.AddIf("email", MemberRules.CheckEmail(row.Email, out var email));
        var name = errors.Text(row.Name, MemberRules.NameField);
        var organization = errors.Text(row.Organization, MemberRules.OrganizationField);
        errors.AddIf("country", MemberRules.CheckCountry(row.Country, out var country));
        errors.AddIf("language", MemberRules.CheckLanguage(row.Language, out var language));
        errors.AddIf("topics", CheckTopics(row.Topics, offeredTopics, out var topics));
        errors.AddIf("consentedAt", CheckConsentedAt(row.ConsentedAt, now, out var consentedAt));
        var source = errors.Text(row.ConsentSource, ConsentSourceField);
        if (source is not null && source.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("consentSource", "The consent source says where consent was given (a platform, a form, an event), not who: no addresses.");
        }

        return errors.Result(() => new ImportedMember(
            new RegistrationDetails(email, name ?? "", organization, country, Role: null, topics, language, Newsletter: true), consentedAt, source ?? ""));
    }

    /// <summary>Topic slugs separated by semicolons, bars or spaces; each must be offered now (a retired topic is not).</summary>
    private static string? CheckTopics(string? value, IReadOnlySet<string> offered, out IReadOnlyList<string> topics)
    {
        var slugs = (value ?? "").Split(TopicSeparators, StringSplitOptions.RemoveEmptyEntries);
        var unknown = Array.FindIndex(slugs, slug => !offered.Contains(slug));
        if (unknown >= 0)
        {
            // By position, not by value: a shifted column would put an address here.
            topics = [];
            return $"Topic {unknown + 1} of the row is not offered now (unknown or retired): use the slugs of the topic catalog.";
        }

        return MemberRules.CheckTopics(slugs, offered, out topics);
    }

    /// <summary>An ISO 8601 date (midnight UTC) or date-time (UTC unless it says otherwise), not after <paramref name="now"/>.</summary>
    private static string? CheckConsentedAt(string? value, DateTimeOffset now, out DateTimeOffset consentedAt)
    {
        consentedAt = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return "The consent date is required: when the person consented on the earlier platform.";
        }

        if (!DateTimeOffset.TryParseExact(value.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out consentedAt))
        {
            return "The consent date must be an ISO 8601 date or date-time, such as 2021-03-14 or 2021-03-14T09:30:00Z.";
        }

        return consentedAt > now ? "The consent date is in the future." : null;
    }
}
