{{/* The release's name for resources: <release>-aimon, or the release name when it already says aimon. */}}
{{- define "aimon.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* A service's resource name: <fullname>-<service>. */}}
{{- define "aimon.serviceName" -}}
{{- printf "%s-%s" (include "aimon.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "aimon.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
app.kubernetes.io/part-of: aimon
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* The selector labels of one service. */}}
{{- define "aimon.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}-service
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The settings of one service: the default block overridden by its own. */}}
{{- define "aimon.settings" -}}
{{- $merged := mustMergeOverwrite (deepCopy .root.Values.default) (omit .service "port" "database" "jwt" "enabled") -}}
{{- toYaml $merged -}}
{{- end -}}

{{- define "aimon.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "aimon.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "aimon.postgresSecret" -}}
{{- default (printf "%s-postgresql" (include "aimon.fullname" .)) .Values.postgresql.existingSecret -}}
{{- end -}}

{{- define "aimon.jwtSecret" -}}
{{- default (printf "%s-jwt" (include "aimon.fullname" .)) .Values.jwt.existingSecret -}}
{{- end -}}

{{- define "aimon.webhookSecret" -}}
{{- default (printf "%s-webhooks" (include "aimon.fullname" .)) .Values.incident.webhooks.existingSecret -}}
{{- end -}}
