using CoP.Functions.Http;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Topics;

/// <summary>PUT /api/manage/topics/{slug} (function key): creates or renames a topic, or offers a retired one again.</summary>
public sealed class UpsertTopicFunction(TopicStore topics)
{
    [Function(nameof(UpsertTopic))]
    public async Task<IResult> UpsertTopic(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "manage/topics/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!TopicRules.IsValidSlug(slug))
        {
            return Problems.Validation("slug", "A slug is 2-64 lowercase letters and digits in words joined by single hyphens.");
        }

        var body = await JsonRequestBody.ReadAsync<TopicRequest>(request, cancellationToken: cancellationToken);
        if (body.Value is not { } draft)
        {
            return body.Problem!;
        }

        var errors = TopicRules.Validate(draft.Name, draft.Description);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var (outcome, topic) = await topics.UpsertAsync(slug, draft.Name!, draft.Description, cancellationToken);
        var response = TopicResponse.From(topic);
        return outcome == TopicUpsertOutcome.Created
            ? TypedResults.Created($"/api/manage/topics/{slug}", response)
            : TypedResults.Ok(response);
    }

    public sealed record TopicRequest(string? Name, string? Description);
}
