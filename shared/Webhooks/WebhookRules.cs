using System.Diagnostics;
using System.Text.Json;
using CoP.Shared.DomainEvents;
using CoP.Shared.Validation;

namespace CoP.Shared.Webhooks;

/// <summary>
/// What a webhook definition may be: an absolute http(s) URL without user info, at most 2,048 characters (whether
/// http is allowed, and whether the address is, is the <see cref="WebhookTargetPolicy"/>'s call at creation); event
/// types that are known, or <c>["*"]</c> for all; an optional description under the one text policy.
/// </summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 500;

    /// <summary>Reads a definition from a request body: the definition, or the errors by field.</summary>
    public static Validated<WebhookDefinition> Parse(JsonElement body)
    {
        var errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "The body must be a JSON object.");
            return errors.Result<WebhookDefinition>(() => throw new UnreachableException());
        }

        var url = Url(body.TryGetProperty("url", out var urlValue) ? urlValue : default, errors);
        var types = EventTypes(body.TryGetProperty("eventTypes", out var typesValue) ? typesValue : default, errors);
        var description = Description(body.TryGetProperty("description", out var descriptionValue) ? descriptionValue : default, errors);
        return errors.Result(() => new WebhookDefinition(Found(url), Found(types), description));
    }

    private static string? Description(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add("description", "The description must be a string.");
            return null;
        }

        return errors.Text(value.GetString(), new TextField("description", MaxDescriptionLength, Label: "description"));
    }

    private static Uri? Url(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            errors.Add("url", "The URL is required.");
            return null;
        }

        if (text.Length > MaxUrlLength)
        {
            errors.Add("url", $"The URL must be at most {MaxUrlLength} characters.");
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            errors.Add("url", "The URL must be an absolute https URL.");
            return null;
        }

        if (url.UserInfo.Length > 0)
        {
            errors.Add("url", "The URL must not carry a user name or password.");
            return null;
        }

        return url;
    }

    private static IReadOnlyList<string>? EventTypes(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.Add("eventTypes", "The event types are a non-empty list: " + string.Join(", ", DomainEventTypes.All) + ", or [\"*\"] for all.");
            return null;
        }

        var types = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } type || (type != Webhook.AllTypes && !DomainEventTypes.IsKnown(type)))
            {
                errors.Add("eventTypes", "Unknown event type. The types are: " + string.Join(", ", DomainEventTypes.All) + ", or [\"*\"] for all.");
                return null;
            }

            if (!types.Contains(type, StringComparer.Ordinal))
            {
                types.Add(type);
            }
        }

        if (types.Contains(Webhook.AllTypes, StringComparer.Ordinal) && types.Count > 1)
        {
            errors.Add("eventTypes", "\"*\" stands alone: it subscribes to every type.");
            return null;
        }

        return [.. DomainEventTypes.All.Where(types.Contains).DefaultIfEmpty(Webhook.AllTypes)];
    }

    /// <summary>A required part of a definition that passed every rule: a rule that let it be missing is a bug.</summary>
    private static T Found<T>(T? value)
        where T : class => value ?? throw new UnreachableException("A rule let a required part through without an error.");
}
