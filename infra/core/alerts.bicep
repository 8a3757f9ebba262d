// Alert rules that mail the operator: a newsletter issue that needs someone, poison messages or blobs, a rate of
// server errors, the health check failing, and upload events that Event Grid could not deliver.
// Log alerts read the app's telemetry in Application Insights (the worker's OpenTelemetry logs and the host's requests).

param location string
param tags object

@description('Where the alerts go.')
param alertEmail string

param applicationInsightsName string
param eventGridSystemTopicName string

@description('The app\'s public host name; the availability test calls https://<host>/api/health.')
param functionAppHostName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: eventGridSystemTopicName
}

resource operators 'Microsoft.Insights/actionGroups@2024-10-01-preview' = {
  name: 'ag-operators'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'cop-ops'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// Each rule counts matching rows over the last 15 minutes; any row (or, for errors, the stated rate) fires it.
// The log texts are the fixed parts of the app's message templates (shared/**: LoggerMessage attributes). A log
// that carries an exception (Mail ... goes to the poison queue) reaches Application Insights as a row of exceptions,
// its text in outerMessage, not as a row of traces: the Azure Monitor exporter maps it so.
var logAlerts = [
  {
    name: 'newsletter-needs-attention'
    description: 'A newsletter issue was held, not sent, or has batches of refused or unknown outcome: see GET /api/manage/newsletter/issues/{issueId}.'
    severity: 2
    query: 'traces | where message has "needs an admin" or message has_all ("Newsletter", "held") or message has "was not sent"'
  }
  {
    name: 'poison-messages'
    description: 'A queue message or an upload failed every attempt and went to a poison queue (mail, newsletter runs, chat posts, webhook deliveries, blob trigger).'
    severity: 1
    query: 'union traces, exceptions | where message has "poison" or outerMessage has "poison"'
  }
  {
    name: 'server-errors'
    description: 'More than 5% of requests (and at least 5) answered 5xx in the last 15 minutes.'
    severity: 1
    query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where failed >= 5 and failed > total * 0.05'
  }
]

resource logAlertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in logAlerts: {
    name: alert.name
    location: location
    tags: tags
    properties: {
      displayName: alert.name
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [applicationInsights.id]
      evaluationFrequency: 'PT15M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [operators.id]
      }
    }
  }
]

// GET /api/health from three regions every 5 minutes: 503 when storage or email cannot work.
resource healthTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'health-check'
  location: location
  tags: union(tags, { 'hidden-link:${applicationInsights.id}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'health-check'
    Name: 'health-check'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [
      { Id: 'emea-nl-ams-azr' }
      { Id: 'us-va-ash-azr' }
      { Id: 'apac-sg-sin-azr' }
    ]
    Request: {
      RequestUrl: 'https://${functionAppHostName}/api/health'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'health-check-failing'
  location: 'global'
  tags: union(tags, { 'hidden-link:${applicationInsights.id}': 'Resource', 'hidden-link:${healthTest.id}': 'Resource' })
  properties: {
    description: 'GET /api/health failed from two regions: storage unreachable or email not ready (the answer names the check).'
    severity: 1
    enabled: true
    scopes: [healthTest.id, applicationInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: healthTest.id
      componentId: applicationInsights.id
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: operators.id
      }
    ]
  }
}

resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'dead-lettered-upload-events'
  location: 'global'
  tags: tags
  properties: {
    description: 'Upload events could not be delivered to IngestDocument for 24 hours and were dead-lettered; ReprocessDeadLetteredUploads ingests them, but find out why.'
    severity: 2
    enabled: true
    scopes: [topic.id]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'dead-lettered'
          criterionType: 'StaticThresholdCriterion'
          metricName: 'DeadLetteredCount'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: operators.id
      }
    ]
  }
}

output alertNames string[] = concat(map(logAlerts, alert => alert.name), [healthAlert.name, deadLetterAlert.name])
