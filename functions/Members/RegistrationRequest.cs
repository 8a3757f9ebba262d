using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>
/// Parses a registration from JSON, an urlencoded form or a multipart form into the <see cref="RegistrationForm"/> the
/// registration service checks, or into the errors of a body that cannot be read as one (wrong types, repeated fields).
/// </summary>
public static class RegistrationRequest
{
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    // A body that is not a registration at all says nothing; its error is recorded, so the form is never used.
    private static readonly RegistrationForm Unreadable = new(null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>A registration sent as JSON.</summary>
    public static Validated<RegistrationForm> FromJson(byte[] json, string honeypotField)
    {
        var errors = new FieldErrors();
        var form = ReadJson(json, honeypotField, errors);
        return errors.Result(() => form);
    }

    /// <summary>A registration sent as an urlencoded or multipart form.</summary>
    public static Validated<RegistrationForm> FromForm(IFormCollection form, string honeypotField)
    {
        var errors = new FieldErrors();
        var registration = ReadForm(form, honeypotField, errors);
        return errors.Result(() => registration);
    }

    private static RegistrationForm ReadJson(byte[] json, string honeypotField, FieldErrors errors)
    {
        try
        {
            var body = JsonSerializer.Deserialize<RegistrationJson>(json, SerializerOptions);
            if (body is null)
            {
                errors.Add("body", "A JSON object is required.");
                return Unreadable;
            }

            string? honeypot = null;
            if (body.Extra is not null && body.Extra.TryGetValue(honeypotField, out var trap))
            {
                // Read raw, not as a string: any value fills the trap, and one with a lone surrogate escape ("\ud800")
                // cannot be read as a string at all (GetString throws).
                honeypot = trap.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String when trap.GetRawText() == "\"\"" => null,
                    _ => trap.GetRawText(),
                };
            }

            if (body.Topics is { } topics && topics.Any(t => t is null))
            {
                errors.Add("topics", "Topics are slugs (strings).");
            }

            return new RegistrationForm(
                body.Email, body.Name, body.Organization, body.Country, body.Role, body.Topics?.OfType<string>().ToList(),
                body.Newsletter, body.Consent, body.Language, honeypot, body.FormStartedAt?.ToString(CultureInfo.InvariantCulture));
        }
        catch (JsonException exception)
        {
            var field = exception.Path is null or "$" ? "body" : exception.Path.TrimStart('$', '.').Split('[', '.')[0];
            errors.Add(field.Length == 0 ? "body" : field, field.Length == 0 || field == "body" ? "The body is not a valid JSON object." : "The value has the wrong type.");
            return Unreadable;
        }
    }

    private static RegistrationForm ReadForm(IFormCollection form, string honeypotField, FieldErrors errors)
    {
        var topics = form.TryGetValue("topics", out var values) ? values.Select(v => v ?? "").ToList() : null;
        return new RegistrationForm(
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
