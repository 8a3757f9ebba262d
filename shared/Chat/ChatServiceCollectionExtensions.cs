using CoP.Shared.DomainEvents;
using CoP.Shared.Hosting;
using CoP.Shared.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// The Rocket.Chat notifier: the <c>Chat</c> section (validated at start-up), the channel map, the subscriber that
    /// queues domain events on <c>chat-posts</c>, the poster behind <c>PostToChat</c> and the test message.
    /// </summary>
    public static IServiceCollection AddChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostingEnvironment(configuration);
        services.AddDomainEvents();
        services.AddTopicCatalog();
        services.AddOptions<ChatOptions>()
            .Bind(configuration.GetSection(ChatOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>());
        services.TryAddSingleton<ChatChannelStore>();
        services.TryAddSingleton<ChatChannelMap>();
        services.TryAddSingleton<ChatPostStore>();
        services.TryAddSingleton<QueuedChatPosts>();
        services.TryAddSingleton<RocketChatHook>();
        services.TryAddSingleton<ChatPoster>();
        services.TryAddSingleton<ChatTestMessage>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventSubscriber, ChatNotifier>());

        // One attempt per post, no redirects, and no request logs: the default ones would write the hook URL and its token.
        services.AddHttpClient(RocketChatHook.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        return services;
    }
}
