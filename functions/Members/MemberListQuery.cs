using System.Buffers.Text;
using System.Text;
using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>The filters of the operators' member list and export: status, topic, country, page size and continuation.</summary>
public sealed record MemberListQuery(MemberStatus? Status, string? Topic, string? Country, int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static (MemberListQuery? Query, IResult? Problem) Read(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? One(string name)
        {
            var values = request.Query[name];
            if (values.Count > 1)
            {
                errors[name] = ["Give this parameter once."];
            }

            return values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
        }

        MemberStatus? status = One("status")?.ToLowerInvariant() switch
        {
            null => null,
            "pending" => MemberStatus.Pending,
            "confirmed" => MemberStatus.Confirmed,
            _ => Invalid(errors, "status", "Use pending or confirmed."),
        };
        var topic = One("topic");
        if (topic is not null && !TopicRules.IsValidSlug(topic))
        {
            errors["topic"] = ["A topic slug is lowercase words joined by hyphens."];
        }

        var countryText = One("country");
        var country = countryText is null ? null : Countries.Normalize(countryText);
        if (countryText is not null && country is null)
        {
            errors["country"] = ["Use an ISO 3166-1 alpha-2 code such as FR."];
        }

        var pageSize = DefaultPageSize;
        if (One("pageSize") is { } size && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"Use a whole number from 1 to {MaxPageSize}."];
        }

        string? continuation = null;
        if (One("continuationToken") is { } encoded)
        {
            continuation = Base64Url.IsValid(encoded) && encoded.Length <= 2048 ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded)) : null;
            if (continuation is null)
            {
                errors["continuationToken"] = ["Pass the continuationToken of the previous page unchanged."];
            }
        }

        return errors.Count > 0
            ? (null, Problems.Validation(errors))
            : (new MemberListQuery(status, topic, country, pageSize, continuation), null);
    }

    public static string? Encode(string? continuationToken) =>
        continuationToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(continuationToken));

    private static MemberStatus? Invalid(Dictionary<string, string[]> errors, string field, string message)
    {
        errors[field] = [message];
        return null;
    }
}
