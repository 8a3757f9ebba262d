using System.Globalization;
using CoP.Shared.Validation;

namespace CoP.Shared.Members;

/// <summary>A registration as the client sent it (form or JSON), before any check.</summary>
public sealed record RegistrationForm(
    string? Email,
    string? Name,
    string? Organization,
    string? Country,
    string? Role,
    IReadOnlyList<string>? Topics,
    bool? Newsletter,
    bool? Consent,
    string? Language,
    string? Honeypot = null,
    string? FormStartedAt = null);

/// <summary>What a registration must be: the fields of <see cref="MemberRules"/>, topics offered now, and consent.</summary>
public static class RegistrationRules
{
    public static Validated<RegistrationDetails> Check(RegistrationForm form, IReadOnlySet<string> offeredTopics)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new FieldErrors();
        errors.AddIf("email", MemberRules.CheckEmail(form.Email, out var email));
        var name = errors.Text(form.Name, MemberRules.NameField);
        var organization = errors.Text(form.Organization, MemberRules.OrganizationField);
        errors.AddIf("country", MemberRules.CheckCountry(form.Country, out var country));
        var role = errors.Text(form.Role, MemberRules.RoleField);
        errors.AddIf("topics", MemberRules.CheckTopics(form.Topics, offeredTopics, out var topics));
        errors.AddIf("language", MemberRules.CheckLanguage(form.Language, out var language));
        if (form.Consent != true)
        {
            errors.Add("consent", "Consent to the privacy terms is required (consent: true).");
        }

        return errors.Result(() => new RegistrationDetails(email, name ?? "", organization, country, role, topics, language, form.Newsletter ?? false));
    }

    /// <summary>
    /// Whether a bot trap caught the form: the honeypot field filled in, or the form posted sooner after the page set
    /// <c>formStartedAt</c> than a person could fill it.
    /// </summary>
    public static bool IsBot(RegistrationForm form, MembershipOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(form.Honeypot))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(form.FormStartedAt))
        {
            return false;
        }

        // A value a page's script did not write is as suspicious as one written a moment ago.
        if (!long.TryParse(form.FormStartedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var startedMs))
        {
            return true;
        }

        var elapsed = now - DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(startedMs, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        return elapsed < options.MinimumFormFillTime;
    }
}
