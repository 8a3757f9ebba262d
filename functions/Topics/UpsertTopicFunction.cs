using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
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

        return await JsonRequestBody.ReadAsync<TopicRequest>(request, cancellationToken: cancellationToken) switch
        {
            RequestBody<TopicRequest>.Read { Value: var draft } => await UpsertAsync(slug, draft, cancellationToken),
            RequestBody<TopicRequest>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> UpsertAsync(string slug, TopicRequest draft, CancellationToken cancellationToken) =>
        TopicRules.Check(draft.Name, draft.Description) switch
        {
            Validated<TopicDraft>.Invalid { Errors: var errors } => Problems.Validation(errors.ToDictionary()),
            Validated<TopicDraft>.Valid { Value: var checkedDraft } => Answer(slug, await topics.UpsertAsync(slug, checkedDraft.Name, checkedDraft.Description, cancellationToken)),
            _ => throw new UnreachableException(),
        };

    private static IResult Answer(string slug, TopicUpsert upsert) => upsert switch
    {
        TopicUpsert.Created { Topic: var topic } => TypedResults.Created($"/api/manage/topics/{slug}", TopicResponse.From(topic)),
        TopicUpsert.Updated { Topic: var topic } => TypedResults.Ok(TopicResponse.From(topic)),
        _ => throw new UnreachableException(),
    };

    public sealed record TopicRequest(string? Name, string? Description);
}
