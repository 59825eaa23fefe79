using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PmoBot.Tests.Infra;

public sealed class BicepTemplateTests(CompiledMainTemplate compiled) : IClassFixture<CompiledMainTemplate>
{
    private const string KeyVaultSecretsUserRole = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string StorageTableDataContributorRole = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageQueueDataContributorRole = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";

    private const string IdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";
    private const string IdentityClientIdPattern = @"^\[reference\(resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', .+\), '[^']+'\)\.clientId\]$";
    private const string TenantIdPattern = @"^\[(subscription|tenant)\(\)\.tenantId\]$";

    private ArmTemplate Template => compiled.Template;

    [Fact]
    public void BuildReportsNoWarningsOrErrors()
    {
        AssertClean(compiled.Build, compiled.Build.DiagnosticLines);
    }

    [Fact]
    public async Task LintReportsNoWarningsOrErrorsAsync()
    {
        var lint = await BicepCli.RunAsync("lint", BicepCli.MainTemplatePath);

        AssertClean(lint, [.. lint.DiagnosticLines, .. BicepCli.Result.DiagnosticLinesOf(lint.StandardOutput)]);
    }

    [Fact]
    public async Task LintSarifReportHasNoResultsAsync()
    {
        var lint = await BicepCli.RunAsync("lint", BicepCli.MainTemplatePath, "--diagnostics-format", "sarif");

        AssertClean(lint, lint.DiagnosticLines);
        var runs = JsonNode.Parse(lint.StandardOutput)!["runs"]!.AsArray();
        Assert.NotEmpty(runs);
        Assert.True(runs.All(run => run!["results"]!.AsArray().Count == 0), lint.StandardOutput);
    }

    [Theory]
    [InlineData("healthCheckPath:", "healthCheckPth:", "Warning BCP089")]
    [InlineData("take('kv-${prefix}-${suffix}', 24)", "'kv-${prefix}-${suffix}'", "Warning BCP335")]
    [InlineData("take('st${replace(prefix, '-', '')}${suffix}', 24)", "take('st${replace(prefix, '-', '')}${suffix}', 25)", "Warning BCP335")]
    [InlineData("linuxFxVersion: 'DOTNETCORE|10.0'", "linuxFxVersion: 10", "Warning BCP036")]
    [InlineData("param location string", "param unusedByMutation string = ''\n\nparam location string", "Error no-unused-params")]
    public async Task BuildOfABrokenCopyReportsTheMistakeAsync(string original, string broken, string expectedDiagnostic)
    {
        var source = await File.ReadAllTextAsync(BicepCli.MainTemplatePath);
        Assert.Contains(original, source, StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("pmobot-bicep-");
        try
        {
            var copy = Path.Combine(folder.FullName, "main.bicep");
            await File.WriteAllTextAsync(copy, source.Replace(original, broken, StringComparison.Ordinal));
            File.Copy(BicepCli.ConfigPath, Path.Combine(folder.FullName, "bicepconfig.json"));

            var build = await BicepCli.RunAsync("build", copy, "--stdout");

            Assert.True(
                build.DiagnosticLines.Any(line => line.Contains(expectedDiagnostic, StringComparison.Ordinal)),
                $"expected {expectedDiagnostic}, got:{Environment.NewLine}{build.StandardError}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void StorageAccountIsHardenedStorageV2WithTableAndQueueServices()
    {
        var storage = Template.SingleResource("Microsoft.Storage/storageAccounts");
        var properties = storage["properties"]!;

        Assert.Equal("StorageV2", (string?)storage["kind"]);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Contains("uniqueString(resourceGroup().id)", Template.ResolvedString(storage["name"]), StringComparison.Ordinal);
        foreach (var serviceType in new[] { "Microsoft.Storage/storageAccounts/tableServices", "Microsoft.Storage/storageAccounts/queueServices" })
        {
            var service = Template.SingleResource(serviceType);
            Assert.EndsWith("'default')]", (string?)service["name"], StringComparison.Ordinal);
            Assert.Contains(ArmTemplate.ResourceIdExpression(storage), DependsOn(service));
        }
    }

    [Fact]
    public void WebAppRunsDotNet10OnLinuxWithHealthCheck()
    {
        var plan = Template.SingleResource("Microsoft.Web/serverfarms");
        var site = Template.SingleResource("Microsoft.Web/sites");
        var siteConfig = site["properties"]!["siteConfig"]!;

        Assert.Equal("linux", (string?)plan["kind"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
        Assert.Equal("[parameters('appServicePlanSku')]", (string?)plan["sku"]!["name"]);
        Assert.Contains("linux", (string?)site["kind"], StringComparison.Ordinal);
        Assert.Equal($"[{ArmTemplate.ResourceIdExpression(plan)}]", (string?)site["properties"]!["serverFarmId"]);
        Assert.True((bool)site["properties"]!["httpsOnly"]!);
        Assert.Equal("DOTNETCORE|10.0", (string?)siteConfig["linuxFxVersion"]);
        Assert.Equal("/healthz/ready", (string?)siteConfig["healthCheckPath"]);
        Assert.Equal("[not(equals(parameters('appServicePlanSku'), 'F1'))]", Template.ResolvedString(siteConfig["alwaysOn"]));
    }

    [Fact]
    public void WebAppUsesTheUserAssignedIdentityForItselfAndForKeyVaultReferences()
    {
        var identity = ArmTemplate.ResourceIdExpression(Template.SingleResource(IdentityType));
        var site = Template.SingleResource("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        var assigned = Assert.Single(site["identity"]!["userAssignedIdentities"]!.AsObject());
        Assert.Contains(identity, assigned.Key, StringComparison.Ordinal);
        Assert.Equal($"[{identity}]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT", "^Production$")]
    [InlineData("MicrosoftAppType", "^UserAssignedMSI$")]
    [InlineData("MicrosoftAppId", IdentityClientIdPattern)]
    [InlineData("AZURE_CLIENT_ID", IdentityClientIdPattern)]
    [InlineData("MicrosoftAppTenantId", TenantIdPattern)]
    [InlineData("Graph__TenantId", TenantIdPattern)]
    [InlineData("MessagesEndpoint__AllowedTenantIds__0", TenantIdPattern)]
    [InlineData("Storage__ConnectionString", @"^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)', reference\(resourceId\('Microsoft\.KeyVault/vaults/secrets', .+\)\.secretUri\)\]$")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", @"^\[reference\(resourceId\('Microsoft\.Insights/components', .+\)\.ConnectionString\]$")]
    [InlineData("Roles__Admins__0", @"^\[parameters\('adminObjectId'\)\]$")]
    [InlineData("Teams__AppCatalogId", @"^\[parameters\('teamsAppCatalogId'\)\]$")]
    public void WebAppSettingsSetWhatTheBotReads(string name, string valuePattern)
    {
        var settings = Template.SingleResource("Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray();

        var setting = Assert.Single(settings, setting => (string?)setting!["name"] == name);
        Assert.Matches(valuePattern, Template.ResolvedString(setting!["value"]));
    }

    [Fact]
    public void WebAppStartsOnlyAfterTheIdentityMayReadKeyVaultSecrets()
    {
        var site = Template.SingleResource("Microsoft.Web/sites");

        Assert.Contains(DependsOn(site), dependency =>
            dependency.Contains("'Microsoft.Authorization/roleAssignments'", StringComparison.Ordinal)
            && Template.Resolve($"[{dependency}]").Contains($"'{KeyVaultSecretsUserRole}'", StringComparison.Ordinal));
    }

    [Fact]
    public void BotServiceUsesTheManagedIdentityAndTheWebAppMessagingEndpoint()
    {
        var bot = Template.SingleResource("Microsoft.BotService/botServices");
        var properties = bot["properties"]!;
        var site = Template.SingleResource("Microsoft.Web/sites");

        Assert.Equal("azurebot", (string?)bot["kind"]);
        Assert.Equal("global", (string?)bot["location"]);
        Assert.Equal("[parameters('botSku')]", (string?)bot["sku"]!["name"]);
        Assert.Equal("UserAssignedMSI", (string?)properties["msaAppType"]);
        Assert.Matches(IdentityClientIdPattern, (string?)properties["msaAppId"]);
        Assert.Equal($"[{ArmTemplate.ResourceIdExpression(Template.SingleResource(IdentityType))}]", (string?)properties["msaAppMSIResourceId"]);
        Assert.Matches(TenantIdPattern, (string?)properties["msaAppTenantId"]);
        var endpoint = Template.ResolvedString(properties["endpoint"]);
        Assert.StartsWith($"[format('https://{{0}}/api/messages', reference({Template.ResolvedResourceId(site)}, ", endpoint, StringComparison.Ordinal);
        Assert.EndsWith(").defaultHostName)]", endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public void BotServiceHasTheMicrosoftTeamsChannelEnabled()
    {
        var channel = Template.SingleResource("Microsoft.BotService/botServices/channels");
        var bot = Template.SingleResource("Microsoft.BotService/botServices");

        Assert.EndsWith("'MsTeamsChannel')]", (string?)channel["name"], StringComparison.Ordinal);
        Assert.Equal("MsTeamsChannel", (string?)channel["properties"]!["channelName"]);
        Assert.True((bool)channel["properties"]!["properties"]!["isEnabled"]!);
        Assert.Contains(ArmTemplate.ResourceIdExpression(bot), DependsOn(channel));
    }

    [Fact]
    public void KeyVaultUsesRbacAndSoftDeleteAndHoldsTheStorageConnectionString()
    {
        var vault = Template.SingleResource("Microsoft.KeyVault/vaults");
        var secret = Template.SingleResource("Microsoft.KeyVault/vaults/secrets");
        var storage = Template.SingleResource("Microsoft.Storage/storageAccounts");

        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
        Assert.True((bool)vault["properties"]!["enableSoftDelete"]!);
        Assert.Contains("uniqueString(resourceGroup().id)", Template.ResolvedString(vault["name"]), StringComparison.Ordinal);
        Assert.Contains(ArmTemplate.ResourceIdExpression(vault), DependsOn(secret));
        var value = Template.ResolvedString(secret["properties"]!["value"]);
        Assert.Contains("AccountKey=", value, StringComparison.Ordinal);
        Assert.Contains($"listKeys({Template.ResolvedResourceId(storage)}, ", value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(KeyVaultSecretsUserRole, "Microsoft.KeyVault/vaults")]
    [InlineData(StorageTableDataContributorRole, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributorRole, "Microsoft.Storage/storageAccounts")]
    public void RoleAssignmentsGrantTheIdentityItsRoles(string roleDefinitionGuid, string scopeType)
    {
        var identity = ArmTemplate.ResourceIdExpression(Template.SingleResource(IdentityType));
        var scope = ArmTemplate.ResourceIdExpression(Template.SingleResource(scopeType));

        var assignment = Assert.Single(
            Template.ResourcesOfType("Microsoft.Authorization/roleAssignments"),
            assignment => Template.ResolvedString(assignment["properties"]!["roleDefinitionId"]) ==
                $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{roleDefinitionGuid}')]");
        Assert.Equal($"[{scope}]", (string?)assignment["scope"]);
        Assert.Matches($@"^\[reference\({Regex.Escape(identity)}, '[^']+'\)\.principalId\]$", (string?)assignment["properties"]!["principalId"]);
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
    }

    [Fact]
    public void ApplicationInsightsIsWorkspaceBasedOnLogAnalytics()
    {
        var workspace = Template.SingleResource("Microsoft.OperationalInsights/workspaces");
        var insights = Template.SingleResource("Microsoft.Insights/components");

        Assert.Equal("web", (string?)insights["properties"]!["Application_Type"]);
        Assert.Equal($"[{ArmTemplate.ResourceIdExpression(workspace)}]", (string?)insights["properties"]!["WorkspaceResourceId"]);
    }

    [Theory]
    [InlineData("webAppHostName", @"^\[reference\(resourceId\('Microsoft\.Web/sites', .+\)\.defaultHostName\]$")]
    [InlineData("botMessagingEndpoint", @"^\[format\('https://\{0\}/api/messages', reference\(resourceId\('Microsoft\.Web/sites', .+\)\.defaultHostName\)\]$")]
    [InlineData("botAppId", IdentityClientIdPattern)]
    [InlineData("keyVaultName", @"^\[take\(format\('kv-\{0\}-\{1\}', toLower\(parameters\('namePrefix'\)\), uniqueString\(resourceGroup\(\)\.id\)\), 24\)\]$")]
    public void OutputsGiveTheValuesTheDeploymentStepsNeed(string name, string valuePattern)
    {
        var output = Template.Outputs[name];

        Assert.NotNull(output);
        Assert.Equal("string", (string?)output["type"]);
        Assert.Matches(valuePattern, Template.ResolvedString(output["value"]));
    }

    [Theory]
    [InlineData("keyVaultName", 24)]
    [InlineData("storageAccountName", 24)]
    public void NameOutputsDeclareAzureNameLimits(string name, int maxLength)
    {
        Assert.Equal(maxLength, (int?)Template.Outputs[name]?["maxLength"]);
    }

    [Fact]
    public void ParametersDeclareTheirConstraints()
    {
        var parameters = Template.Parameters;

        Assert.Equal(3, (int?)parameters["namePrefix"]!["minLength"]);
        Assert.Equal(12, (int?)parameters["namePrefix"]!["maxLength"]);
        Assert.Equal("[resourceGroup().location]", (string?)parameters["location"]!["defaultValue"]);
        Assert.Equal<string>(["F0", "S1"], AllowedValues(parameters["botSku"]!));
        Assert.Contains("B1", AllowedValues(parameters["appServicePlanSku"]!));
        Assert.Equal(36, (int?)parameters["adminObjectId"]!["minLength"]);
        Assert.Equal(36, (int?)parameters["adminObjectId"]!["maxLength"]);
        Assert.Equal(string.Empty, (string?)parameters["teamsAppCatalogId"]!["defaultValue"]);
    }

    [Fact]
    public async Task ParametersFileNamesAllExistInTheTemplateAsync()
    {
        var fileParameters = await ParametersFileAsync();

        Assert.NotEmpty(fileParameters);
        Assert.All(fileParameters, pair => Assert.True(Template.Parameters.ContainsKey(pair.Key), $"{pair.Key} is not a parameter of main.bicep"));
    }

    [Fact]
    public async Task ParametersFileValuesSatisfyTheTemplateConstraintsAsync()
    {
        foreach (var (name, entry) in await ParametersFileAsync())
        {
            Assert.True(Template.Parameters.TryGetPropertyValue(name, out var declaration) && declaration is not null, $"{name} is not a parameter of main.bicep");
            var value = entry!["value"]!;
            var type = (string)declaration["type"]!;
            var kind = value.GetValueKind();
            var matchesType = type switch
            {
                "string" or "securestring" => kind == JsonValueKind.String,
                "int" => kind == JsonValueKind.Number,
                "bool" => kind is JsonValueKind.True or JsonValueKind.False,
                "array" => kind == JsonValueKind.Array,
                _ => kind == JsonValueKind.Object,
            };
            Assert.True(matchesType, $"{name} should be of type {type} but is {kind}");
            if (declaration["allowedValues"] is JsonArray)
            {
                Assert.Contains(value.GetValue<string>(), AllowedValues(declaration));
            }

            if (value.GetValueKind() == JsonValueKind.String)
            {
                var length = value.GetValue<string>().Length;
                Assert.InRange(length, (int?)declaration["minLength"] ?? 0, (int?)declaration["maxLength"] ?? int.MaxValue);
            }
        }
    }

    [Fact]
    public async Task ParametersFileLeavesOnlyTheAdminObjectIdToTheCommandLineAsync()
    {
        var fileParameters = await ParametersFileAsync();

        var missing = Template.Parameters
            .Where(pair => pair.Value!["defaultValue"] is null && !fileParameters.ContainsKey(pair.Key))
            .Select(pair => pair.Key);
        Assert.Equal<string>(["adminObjectId"], missing);
    }

    private static void AssertClean(BicepCli.Result result, IReadOnlyList<string> diagnosticLines)
    {
        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}{Environment.NewLine}{result.StandardError}");
        Assert.True(diagnosticLines.Count == 0, string.Join(Environment.NewLine, diagnosticLines));
    }

    private static async Task<JsonObject> ParametersFileAsync() =>
        JsonNode.Parse(await File.ReadAllTextAsync(BicepCli.ParametersPath))!["parameters"]!.AsObject();

    private static List<string> AllowedValues(JsonNode parameter) =>
        parameter["allowedValues"]!.AsArray().Select(value => value!.GetValue<string>()).ToList();

    private static List<string> DependsOn(JsonObject resource) =>
        resource["dependsOn"]?.AsArray().Select(dependency => ((string)dependency!)[1..^1]).ToList() ?? [];

    [Fact]
    public void Operations_alerts_on_dead_letters_5xx_and_outbox_age_e_mail_one_action_group_whose_address_is_a_parameter()
    {
        var group = Template.SingleResource("Microsoft.Insights/actionGroups");
        var receiver = Assert.Single(group["properties"]!["emailReceivers"]!.AsArray())!;
        Assert.Equal("[parameters('alertEmail')]", (string?)receiver["emailAddress"]);
        Assert.Contains("alertEmail", Template.Parameters.Select(p => p.Key));
        var groupId = ArmTemplate.ResourceIdExpression(group);

        var http5xx = Template.SingleResource("Microsoft.Insights/metricAlerts");
        Assert.Equal("Http5xx", (string?)http5xx["properties"]!["criteria"]!["allOf"]![0]!["metricName"]);
        Assert.Equal($"[{ArmTemplate.ResourceIdExpression(Template.SingleResource("Microsoft.Web/sites"))}]", (string?)http5xx["properties"]!["scopes"]![0]);
        Assert.Equal($"[{groupId}]", (string?)http5xx["properties"]!["actions"]![0]!["actionGroupId"]);

        var queries = Template.ResourcesOfType("Microsoft.Insights/scheduledQueryRules");
        Assert.Equal(2, queries.Count);
        var texts = queries.Select(q => (string)q["properties"]!["criteria"]!["allOf"]![0]!["query"]!).ToList();
        Assert.Contains(texts, q => q.Contains("pmobot.outbox.deliveries", StringComparison.Ordinal) && q.Contains("dead-lettered", StringComparison.Ordinal));
        Assert.Contains(texts, q => q.Contains("pmobot.outbox.queue_age", StringComparison.Ordinal));
        var appInsights = ArmTemplate.ResourceIdExpression(Template.SingleResource("Microsoft.Insights/components"));
        Assert.All(queries, q =>
        {
            Assert.Equal($"[{appInsights}]", (string?)q["properties"]!["scopes"]![0]);
            Assert.Equal($"[{groupId}]", (string?)q["properties"]!["actions"]!["actionGroups"]![0]);
        });
    }
}
