using CoP.Shared.Chat;
using CoP.Shared.Console;
using CoP.Shared.Documents;
using CoP.Shared.DomainEvents;
using CoP.Shared.Email;
using CoP.Shared.EmailEvents;
using CoP.Shared.Events;
using CoP.Shared.Health;
using CoP.Shared.Limits;
using CoP.Shared.Members;
using CoP.Shared.Newsletter;
using CoP.Shared.Polls;
using CoP.Shared.Projects;
using CoP.Shared.Storage;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CoP.Functions.Console;
using CoP.Functions.Console.Projects;
using CoP.Functions.Events.Pages;
using CoP.Functions.Http;
using CoP.Functions.Projects.Forms;
using CoP.Functions.Projects.Pages;

namespace CoP.Functions;

public static class CommunityBackendServiceCollectionExtensions
{
    /// <summary>
    /// Every registration of the app, area by area. Program.cs and the tests both call this, so the tests
    /// compose the same object graph as production.
    /// </summary>
    public static IServiceCollection AddCommunityBackend(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommunityStorage(configuration);
        services.AddDomainEvents();
        services.AddStorageHealthChecks(configuration);
        services.AddTopicCatalog();
        services.AddCommunityEmail(configuration);
        services.AddSitePages(configuration);
        services.AddCommunityMembership(configuration);
        services.AddCommunityLimits(configuration);
        services.AddCommunityPolls(configuration);
        services.AddCommunityEvents(configuration);
        services.AddCommunityProjects(configuration);
        services.AddCommunityDocuments(configuration);
        services.AddCommunityEmailEvents(configuration);
        services.AddCommunityNewsletter(configuration);
        services.AddOperatorConsole(configuration);
        services.AddChat(configuration);

        // Browser sessions of personal links (functions/Http).
        services.TryAddSingleton<MemberSessions>();

        // What the event pages show beyond the event (functions/Events/Pages).
        services.TryAddSingleton<EventPageComposer>();

        // What the project pages show beyond the project (functions/Projects/Pages).
        services.TryAddSingleton<ProjectPageComposer>();

        // What the member's project forms read besides the form (functions/Projects/Forms).
        services.TryAddSingleton<ProjectFormComposer>();

        // The operator console's sessions and forms (functions/Console).
        services.TryAddSingleton<ConsoleGate>();

        // What the console's project pages show (functions/Console/Projects).
        services.TryAddSingleton<ConsoleProjectPages>();
        return services;
    }
}
