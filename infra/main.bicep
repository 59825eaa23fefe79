metadata description = 'PmoBot: Azure Bot (Teams channel) on a Linux App Service, with Storage, Key Vault, Application Insights and a user-assigned managed identity.'

@description('Short prefix for resource names: 3 to 12 lowercase letters or digits, starting with a letter (for example "pmobot"). Globally unique names add uniqueString(resourceGroup().id).')
@minLength(3)
@maxLength(12)
param namePrefix string

@description('Azure region for every regional resource.')
param location string = resourceGroup().location

@description('App Service plan SKU. F1 has no Always On, so the proactive scheduler sleeps with the app; use B1 or above in production.')
@allowed([
  'F1'
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
  'P3v3'
])
param appServicePlanSku string = 'B1'

@description('Instances of the web app. Every instance runs outbox senders, so each gets this share of the app-wide Teams send rate.')
@minValue(1)
@maxValue(10)
param appInstances int = 1

@description('Azure Bot pricing tier: F0 (free, standard channels such as Teams are unlimited) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Display name of the Azure Bot resource.')
@minLength(1)
@maxLength(42)
param botDisplayName string = 'PmoBot'

@description('Microsoft Entra object id of the first PmoBot admin (az ad signed-in-user show --query id -o tsv). Becomes Roles__Admins__0.')
@minLength(36)
@maxLength(36)
param adminObjectId string

@description('Id of the PmoBot app in the organisation\'s Teams app catalog, once published there; empty until then.')
param teamsAppCatalogId string = ''

@description('E-mail address the operations alerts go to (dead letters, 5xx responses, outbox queue age).')
@minLength(3)
param alertEmail string

@description('Outbox queue age, in seconds, above which the operations alert fires: messages waiting longer than this mean the senders are stuck or throttled.')
@minValue(30)
param outboxQueueAgeAlertSeconds int = 300

var prefix = toLower(namePrefix)
var suffix = uniqueString(resourceGroup().id)
var tags = {
  application: 'PmoBot'
}

var storageAccountName = take('st${replace(prefix, '-', '')}${suffix}', 24)
var keyVaultName = take('kv-${prefix}-${suffix}', 24)
var webAppName = 'app-${prefix}-${suffix}'
var botName = 'bot-${prefix}-${suffix}'
var alwaysOnSupported = appServicePlanSku != 'F1'

var roleIds = {
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${prefix}'
  location: location
  tags: tags
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: 'log-${prefix}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${prefix}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
  }
}

resource storageConnectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: keyVault
  name: 'StorageConnectionString'
  properties: {
    value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roleIds.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageTableDataContributor
    )
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageQueueDataContributor
    )
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'plan-${prefix}'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: appInstances
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2024-11-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: alwaysOnSupported
      healthCheckPath: '/healthz/ready'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          name: 'ASPNETCORE_ENVIRONMENT'
          value: 'Production'
        }
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: subscription().tenantId
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          // Activities from any other Microsoft 365 organisation are answered 403 (Teams/TenantAllowList.cs).
          name: 'MessagesEndpoint__AllowedTenantIds__0'
          value: subscription().tenantId
        }
        {
          name: 'Graph__TenantId'
          value: subscription().tenantId
        }
        {
          name: 'Graph__ClientId'
          value: identity.properties.clientId
        }
        {
          name: 'Graph__UseManagedIdentity'
          value: 'true'
        }
        {
          name: 'Storage__ConnectionString'
          value: '@Microsoft.KeyVault(SecretUri=${storageConnectionStringSecret.properties.secretUri})'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
        {
          name: 'Roles__Admins__0'
          value: adminObjectId
        }
        {
          name: 'Teams__AppCatalogId'
          value: teamsAppCatalogId
        }
        {
          name: 'Delivery__SendingInstances'
          value: string(appInstances)
        }
      ]
    }
  }
  dependsOn: [
    keyVaultSecretsUser
  ]
}

var messagingEndpoint = 'https://${webApp.properties.defaultHostName}/api/messages'

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: messagingEndpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: subscription().tenantId
    developerAppInsightsApplicationId: appInsights.properties.AppId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

@description('Default host name of the web app.')
output webAppHostName string = webApp.properties.defaultHostName

// The @maxLength decorators on name outputs make the compiler prove that the generated names fit Azure's limits.
@description('Name of the web app, for az webapp deploy.')
@maxLength(60)
output webAppName string = webApp.name

@description('The messaging endpoint registered on the Azure Bot.')
output botMessagingEndpoint string = messagingEndpoint

@description('Client id of the user-assigned managed identity: the bot\'s app id, to use as bots[0].botId in the Teams manifest.')
output botAppId string = identity.properties.clientId

@description('Name of the Key Vault holding the storage connection string.')
@maxLength(24)
output keyVaultName string = keyVault.name

@description('Name of the storage account (tables and queues).')
@maxLength(24)
output storageAccountName string = storage.name

// Operations alerts: each fires an e-mail through one action group. The app's own metrics reach Application Insights
// as customMetrics through the Azure Monitor OpenTelemetry distro (pmobot.outbox.deliveries, pmobot.outbox.queue_age).
resource operationsAlerts 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${prefix}-ops'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take('${prefix}ops', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource serverErrorsAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${prefix}-http5xx'
  location: 'global'
  tags: tags
  properties: {
    description: 'PmoBot answered with 5xx: Teams retries or drops those activities. Look at Application Insights failures for the cause.'
    severity: 1
    enabled: true
    scopes: [
      webApp.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'Http5xx'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'Http5xx'
          operator: 'GreaterThan'
          threshold: 5
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: operationsAlerts.id
      }
    ]
  }
}

resource deadLettersAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${prefix}-dead-letters'
  location: location
  tags: tags
  properties: {
    description: 'An outbox message was dead-lettered: a proactive card or message will never arrive. `delivery status` in Teams names it and why.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "pmobot.outbox.deliveries" and tostring(customDimensions.outcome) == "dead-lettered" | summarize DeadLetters = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'DeadLetters'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        operationsAlerts.id
      ]
    }
  }
}

resource queueAgeAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${prefix}-outbox-age'
  location: location
  tags: tags
  properties: {
    description: 'Outbox messages waited longer than ${outboxQueueAgeAlertSeconds} seconds before they were sent: the senders are stopped, or Teams is throttling hard.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "pmobot.outbox.queue_age" | summarize OldestSeconds = max(valueMax)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'OldestSeconds'
          operator: 'GreaterThan'
          threshold: outboxQueueAgeAlertSeconds
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        operationsAlerts.id
      ]
    }
  }
}
