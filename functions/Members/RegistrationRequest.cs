using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>
/// Reads a registration from JSON, an urlencoded form or a multipart form into validated details, or into
/// the problem that rejects it. Bot traps (honeypot field, a form posted faster than a person could fill
/// it) are reported separately, so the caller can answer them like a success and do nothing.
/// </summary>
public sealed class RegistrationRequest
{
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    private RegistrationRequest(RegistrationDetails? details, bool isBot, IResult? problem)
    {
        Details = details;
        IsBot = isBot;
        Problem = problem;
    }

    public RegistrationDetails? Details { get; }

    public bool IsBot { get; }

    public IResult? Problem { get; }

    public static async Task<RegistrationRequest> ReadAsync(
        HttpRequest request, MembershipOptions options, TopicStore topics, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await FormOrJsonBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body.Problem is not null)
        {
            return new(null, false, body.Problem);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fields = body.Json is not null ? FromJson(body.Json, options.HoneypotField, errors) : FromForm(body.Form!, options.HoneypotField, errors);
        if (fields is null || errors.Count > 0)
        {
            return new(null, false, Problems.Validation(errors));
        }

        if (!string.IsNullOrEmpty(fields.Honeypot) || IsTooFast(fields.FormStartedAt, options, time))
        {
            return new(null, true, null);
        }

        var offered = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        var details = Validate(fields, offered, errors);
        return errors.Count > 0 ? new(null, false, Problems.Validation(errors)) : new(details, false, null);
    }

    private static RegistrationDetails? Validate(RawFields fields, IReadOnlySet<string> offered, Dictionary<string, string[]> errors)
    {
        void Check(string field, string? error)
        {
            if (error is not null)
            {
                errors[field] = [error];
            }
        }

        Check("email", MemberRules.CheckEmail(fields.Email, out var email));
        Check("name", MemberRules.CheckName(fields.Name, out var name));
        Check("organization", MemberRules.CheckOptionalText(fields.Organization, MemberRules.MaxOrganizationLength, "organization", out var organization));
        Check("country", MemberRules.CheckCountry(fields.Country, out var country));
        Check("role", MemberRules.CheckOptionalText(fields.Role, MemberRules.MaxRoleLength, "role", out var role));
        Check("topics", MemberRules.CheckTopics(fields.Topics, offered, out var topics));
        Check("language", MemberRules.CheckLanguage(fields.Language, out var language));
        if (fields.Consent != true)
        {
            errors["consent"] = ["Consent to the privacy terms is required (consent: true)."];
        }

        return errors.Count > 0 ? null : new RegistrationDetails(email, name, organization, country, role, topics, language, fields.Newsletter ?? false);
    }

    private static bool IsTooFast(string? formStartedAt, MembershipOptions options, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(formStartedAt))
        {
            return false;
        }

        // A value a page's script did not write is as suspicious as one written a moment ago.
        if (!long.TryParse(formStartedAt, NumberStyles.None, CultureInfo.InvariantCulture, out var startedMs))
        {
            return true;
        }

        var elapsed = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(startedMs, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        return elapsed < options.MinimumFormFillTime;
    }

    private static RawFields? FromJson(byte[] json, string honeypotField, Dictionary<string, string[]> errors)
    {
        try
        {
            var body = JsonSerializer.Deserialize<RegistrationJson>(json, SerializerOptions);
            if (body is null)
            {
                errors["body"] = ["A JSON object is required."];
                return null;
            }

            string? honeypot = null;
            if (body.Extra is not null && body.Extra.TryGetValue(honeypotField, out var trap))
            {
                honeypot = trap.ValueKind == JsonValueKind.String ? trap.GetString() : trap.ToString();
            }

            if (body.Topics is { } topics && topics.Any(t => t is null))
            {
                errors["topics"] = ["Topics are slugs (strings)."];
            }

            return new RawFields(
                body.Email, body.Name, body.Organization, body.Country, body.Role, body.Topics?.OfType<string>().ToList(),
                body.Newsletter, body.Consent, body.Language, honeypot, body.FormStartedAt?.ToString(CultureInfo.InvariantCulture));
        }
        catch (JsonException exception)
        {
            var field = exception.Path is null or "$" ? "body" : exception.Path.TrimStart('$', '.').Split('[', '.')[0];
            errors[field.Length == 0 ? "body" : field] = [field.Length == 0 || field == "body" ? "The body is not a valid JSON object." : "The value has the wrong type."];
            return null;
        }
    }

    private static RawFields FromForm(IFormCollection form, string honeypotField, Dictionary<string, string[]> errors)
    {
        var topics = form.TryGetValue("topics", out var values) ? values.Select(v => v ?? "").ToList() : null;
        return new RawFields(
            FormOrJsonBody.OneValue(form, "email", errors),
            FormOrJsonBody.OneValue(form, "name", errors),
            FormOrJsonBody.OneValue(form, "organization", errors),
            FormOrJsonBody.OneValue(form, "country", errors),
            FormOrJsonBody.OneValue(form, "role", errors),
            topics,
            FormOrJsonBody.Flag(form, "newsletter", errors),
            FormOrJsonBody.Flag(form, "consent", errors),
            FormOrJsonBody.OneValue(form, "language", errors),
            form.TryGetValue(honeypotField, out var trap) ? string.Concat(trap.Select(v => v ?? "")) : null,
            FormOrJsonBody.OneValue(form, "formStartedAt", errors));
    }

    private sealed record RawFields(
        string? Email, string? Name, string? Organization, string? Country, string? Role, IReadOnlyList<string>? Topics,
        bool? Newsletter, bool? Consent, string? Language, string? Honeypot, string? FormStartedAt);

    private sealed class RegistrationJson
    {
        public string? Email { get; set; }
        public string? Name { get; set; }
        public string? Organization { get; set; }
        public string? Country { get; set; }
        public string? Role { get; set; }
        public List<string?>? Topics { get; set; }
        public bool? Newsletter { get; set; }
        public bool? Consent { get; set; }
        public string? Language { get; set; }
        public long? FormStartedAt { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Extra { get; set; }
    }
}
