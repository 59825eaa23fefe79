using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PmoBot.Commands;
using PmoBot.Reviews.Templates;
using PmoBot.Storage;

namespace PmoBot.Tests.Reviews.Templates;

public sealed class ReviewTemplatesRegistrationTests
{
    [Fact]
    public void The_feature_registers_its_table_commands_publish_button_and_json_uploads()
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton(new TableServiceClient("UseDevelopmentStorage=true"))
            .AddCommands()
            .AddReviewTemplates();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Contains(new TableRegistration(ReviewTemplateStore.TableName), provider.GetServices<TableRegistration>());
        Assert.Same(provider.GetRequiredService<ReviewTemplateStore>(), provider.GetRequiredService<ReviewTemplateStore>());
        var router = provider.GetRequiredService<CommandRouter>();
        Assert.NotNull(router.Match("review template"));
        Assert.Equal("review template edit", router.Match("review template edit")!.Value.Command.Name);
        Assert.Contains(provider.GetServices<ICardActionHandler>(), h => h.Verb == ReviewTemplateCards.PublishVerb);
        Assert.Contains(provider.GetServices<IFileUploadHandler>(), h => h.FileTypes.Contains("json") && h.Purpose == "a JSON review template");
    }
}
