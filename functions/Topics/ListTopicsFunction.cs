using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Topics;

/// <summary>GET /api/topics: the topics offered now (retired ones are not listed).</summary>
public sealed class ListTopicsFunction(TopicStore topics)
{
    [Function(nameof(ListTopics))]
    public async Task<IResult> ListTopics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "topics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var active = await topics.ListActiveAsync(cancellationToken);
        return TypedResults.Ok(new TopicListResponse(active.Select(TopicResponse.From).ToList()));
    }
}

public sealed record TopicListResponse(IReadOnlyList<TopicResponse> Topics);

public sealed record TopicResponse(string Slug, string Name, string? Description, bool Retired)
{
    public static TopicResponse From(Topic topic) => new(topic.Slug, topic.Name, topic.Description, topic.Retired);
}
