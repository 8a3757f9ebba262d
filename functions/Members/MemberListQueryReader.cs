using CoP.Functions.Http;
using CoP.Shared.Members;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Members;

/// <summary>Reads the filters of the operators' member list and export: status, topic, country, page size and continuation.</summary>
public static class MemberListQueryReader
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static Validated<MemberListQuery> Read(HttpRequest request)
    {
        var errors = new FieldErrors();
        string? One(string name) => QueryParameters.One(request, name, errors);

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
            errors.Add("topic", "A topic slug is lowercase words joined by hyphens.");
        }

        var countryText = One("country");
        var country = countryText is null ? null : Countries.Normalize(countryText);
        if (countryText is not null && country is null)
        {
            errors.Add("country", "Use an ISO 3166-1 alpha-2 code such as FR.");
        }

        var pageSize = QueryParameters.PageSize(request, DefaultPageSize, MaxPageSize, errors);
        var continuation = QueryParameters.Continuation(request, errors);

        return errors.Result(() => new MemberListQuery(status, topic, country, pageSize, continuation));
    }

    private static MemberStatus? Invalid(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
