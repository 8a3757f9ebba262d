using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Topics;

/// <summary>DELETE /api/manage/topics/{slug} (function key): retires a topic; it stays valid on old records.</summary>
public sealed class RetireTopicFunction(TopicStore topics)
{
    [Function(nameof(RetireTopic))]
    public async Task<IResult> RetireTopic(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/topics/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!TopicRules.IsValidSlug(slug))
        {
            return Problems.Validation("slug", "A slug is 2-64 lowercase letters and digits in words joined by single hyphens.");
        }

        return await topics.RetireAsync(slug, cancellationToken) switch
        {
            TopicRetirement.NotFound => Problems.NotFound($"There is no topic '{slug}'."),
            TopicRetirement.Retired or TopicRetirement.AlreadyRetired => TypedResults.NoContent(),
            _ => throw new UnreachableException(),
        };
    }
}
