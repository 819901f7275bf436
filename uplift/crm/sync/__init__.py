"""Direct CRM connections: scheduled, incremental, resumable syncs from Salesforce and HubSpot
into the same canonical tables as file imports (docs/crm-sync.md)."""
