/**
 * Requests as an agent phrases them when it looks for a tool, each labelled with the tool that
 * serves it. Written from what someone wants done, not from the tools' descriptions: the words are
 * the user's ("which GPU boxes are up"), and a request that names no platform is left that way
 * when the need makes the platform plain. Used by the recall test and the bench (bench/tool-search).
 */
export interface LabelledRequest {
  readonly request: string;
  readonly tool: string;
}

export const LABELLED_REQUESTS: readonly LabelledRequest[] = [
  // slack
  { request: "post a message in #deals", tool: "slack_post_message" },
  { request: "what has been said in the #support channel today", tool: "slack_get_channel_history" },
  { request: "find the slack conversation where someone mentioned the Q3 renewal", tool: "slack_search_messages" },
  { request: "give a thumbs up emoji to that message", tool: "slack_add_reaction" },
  { request: "who is jane@acme.com on slack", tool: "slack_lookup_user_by_email" },
  { request: "read the replies under this slack thread", tool: "slack_get_thread_replies" },
  { request: "fix a typo in the message I sent earlier in slack", tool: "slack_update_message" },
  { request: "which slack channels do we have", tool: "slack_list_channels" },

  // gong
  { request: "show me the sales calls from last week", tool: "gong_list_calls" },
  { request: "what did the customer say on the Acme call, word for word", tool: "gong_get_call_transcript" },
  { request: "find calls where pricing came up", tool: "gong_search_calls" },
  { request: "how many calls did each rep make this month", tool: "gong_get_activity_stats" },
  { request: "which keyword trackers are set up in gong", tool: "gong_list_trackers" },

  // hubspot
  { request: "find the Acme deal in hubspot", tool: "hubspot_search_objects" },
  { request: "log a note on the contact about today's meeting", tool: "hubspot_create_note" },
  { request: "create a new company record in the CRM for Globex", tool: "hubspot_create_object" },
  { request: "move the deal to closed won in hubspot", tool: "hubspot_update_object" },
  { request: "what stages does our sales pipeline have", tool: "hubspot_list_pipelines" },
  { request: "remind the account owner to follow up next Tuesday with a hubspot task", tool: "hubspot_create_task" },
  { request: "which contacts are attached to this company in hubspot", tool: "hubspot_list_associations" },

  // linear
  { request: "file a bug about the login page crashing", tool: "linear_create_issue" },
  { request: "are there open tickets about the checkout timeout", tool: "linear_search_issues" },
  { request: "mark ENG-421 as done", tool: "linear_update_issue" },
  { request: "leave a comment on ENG-88 that the fix is deployed", tool: "linear_create_comment" },
  { request: "what states can a linear issue be moved to", tool: "linear_list_workflow_states" },
  { request: "show me ENG-1203 with its comments", tool: "linear_get_issue" },

  // figma
  { request: "export the login screen frame as a PNG", tool: "figma_render_images" },
  { request: "what feedback did designers leave on the onboarding mockups", tool: "figma_list_comments" },
  { request: "reply on the figma file that the copy is approved", tool: "figma_post_comment" },
  { request: "which design tokens does our design system file define", tool: "figma_get_variables" },
  { request: "who changed the homepage design file and when", tool: "figma_list_versions" },
  { request: "list the components in our published UI kit", tool: "figma_list_components" },
  { request: "what files are in the marketing figma project", tool: "figma_list_project_files" },

  // snowflake
  { request: "run this SQL against the warehouse: select count(*) from orders", tool: "snowflake_run_query" },
  { request: "how many snowflake credits did we burn last week", tool: "snowflake_get_credit_usage" },
  { request: "what columns does the ANALYTICS.PUBLIC.EVENTS table have", tool: "snowflake_describe_table" },
  { request: "which queries were slowest yesterday", tool: "snowflake_get_query_history" },
  { request: "scale the reporting warehouse up to large", tool: "snowflake_resize_warehouse" },
  { request: "pause the ETL warehouse so it stops costing money", tool: "snowflake_suspend_warehouse" },
  { request: "is snowpipe still loading files", tool: "snowflake_get_pipe_status" },

  // airbyte
  { request: "kick off the salesforce to snowflake sync now", tool: "airbyte_trigger_sync" },
  { request: "did last night's airbyte job fail", tool: "airbyte_list_jobs" },
  { request: "turn off the postgres connection in airbyte", tool: "airbyte_set_connection_status" },
  { request: "stop the airbyte job that has been running for hours", tool: "airbyte_cancel_job" },
  { request: "what data sources are configured in airbyte", tool: "airbyte_list_sources" },

  // vercel
  { request: "why did the latest frontend deploy fail, show the build output", tool: "vercel_get_deployment_build_logs" },
  { request: "roll the site back by redeploying yesterday's build", tool: "vercel_redeploy_deployment" },
  { request: "is acme-shop.com available to buy", tool: "vercel_check_domain_availability" },
  { request: "what are the recent deployments of the marketing site", tool: "vercel_list_deployments" },
  { request: "which environment variables does the web project have", tool: "vercel_list_env_vars" },

  // lambda labs
  { request: "which GPU instances are running", tool: "lambda_labs_list_instances" },
  { request: "spin up an H100 box for training", tool: "lambda_labs_launch_instance" },
  { request: "what GPU types can I rent and how much per hour", tool: "lambda_labs_list_instance_types" },
  { request: "shut down the idle GPU machines and delete them", tool: "lambda_labs_terminate_instances" },
  { request: "reboot the stuck training node", tool: "lambda_labs_restart_instances" },

  // portkey
  { request: "how much did we spend on LLM calls per model this month through the gateway", tool: "portkey_group_analytics" },
  { request: "show the routing and fallback setup of our portkey config", tool: "portkey_get_config" },
  { request: "fill in the support-reply prompt template with these variables", tool: "portkey_render_prompt" },
  { request: "give this trace a thumbs down with a note", tool: "portkey_create_feedback" },
  { request: "how did request volume and latency through the AI gateway change this week", tool: "portkey_get_analytics" },

  // openrouter
  { request: "which models support a 200k context and are cheap", tool: "openrouter_search_models" },
  { request: "how much openrouter credit is left", tool: "openrouter_get_credits" },
  { request: "ask claude to summarise this paragraph", tool: "openrouter_ask_model" },
  { request: "what did that generation cost and how many tokens did it use", tool: "openrouter_get_generation" },
  { request: "which providers serve llama 3 70b and at what price", tool: "openrouter_list_model_endpoints" },

  // asana
  { request: "what's on my plate in asana", tool: "asana_list_my_tasks" },
  { request: "add a task to the launch project to write the press release", tool: "asana_create_task" },
  { request: "check off the design review task, it's finished", tool: "asana_update_task" },
  { request: "post a weekly status update on the website redesign project: on track", tool: "asana_create_project_status" },
  { request: "move this task into the Done column", tool: "asana_move_task_to_section" },
  { request: "this asana task is blocked by the API task, link them", tool: "asana_add_task_dependencies" },

  // usergems
  { request: "which champions changed jobs recently", tool: "usergems_recent_signals" },
  { request: "start watching these contacts for job changes", tool: "usergems_track_contacts" },
  { request: "a person asked us to erase their data under GDPR", tool: "usergems_privacy_delete" },
  { request: "stop monitoring these companies in usergems", tool: "usergems_untrack_accounts" },

  // apollo
  { request: "find VPs of engineering at fintech companies in Berlin", tool: "apollo_search_people" },
  { request: "get the email and phone number for this prospect", tool: "apollo_match_people" },
  { request: "enroll these contacts in the outbound email cadence", tool: "apollo_add_contacts_to_sequence" },
  { request: "are we about to run out of apollo credits", tool: "apollo_get_usage" },
  { request: "look up company info like headcount and industry for stripe.com", tool: "apollo_enrich_organization" },

  // memory
  { request: "what do we know about Acme from everything the fleet has ingested", tool: "memory_search" },
  { request: "what happened across our tools in the last hour", tool: "memory_recent_events" },
  { request: "which platforms have sent data into memory", tool: "memory_list_sources" },
  { request: "open the full memory with this id", tool: "memory_get" },
];
