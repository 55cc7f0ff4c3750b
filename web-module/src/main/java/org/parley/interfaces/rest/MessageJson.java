package org.parley.interfaces.rest;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.application.AdminMessaging.Content;
import org.parley.application.OperationRefused;
import org.parley.protocol.TimMessage;

/** Messages as the admin API shows and takes them: text, base64 binary, kind (odType), bnType, extend. */
final class MessageJson {

    private MessageJson() {
    }

    static JsonObject of(TimMessage m) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (m.getMid() != null) {
            json.add("mid", m.getMid());
        }
        json.add("msType", m.getMsType()).add("kind", m.getOdType());
        if (m.getFromTid() != null) {
            json.add("from", m.getFromTid().getNode());
        }
        if (m.getToTid() != null) {
            json.add("to", m.getToTid().getNode());
        }
        if (m.getRoomTid() != null) {
            json.add("room", m.getRoomTid().getNode());
        }
        if (m.getTimestamp() != null) {
            json.add("time", Instant.ofEpochSecond(0, m.getTimestamp()).toString());
        }
        if (m.getDataString() != null) {
            json.add("text", m.getDataString());
        }
        if (m.getDataBinary() != null) {
            json.add("binary", Base64.getEncoder().encodeToString(m.getDataBinary()));
        }
        if (m.getBnType() != null) {
            json.add("bnType", m.getBnType());
        }
        if (m.getExtend() != null && !m.getExtend().isEmpty()) {
            JsonObjectBuilder extend = Json.createObjectBuilder();
            m.getExtend().forEach(extend::add);
            json.add("extend", extend);
        }
        return json.build();
    }

    static JsonArrayBuilder list(List<TimMessage> messages) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        messages.forEach(m -> list.add(of(m)));
        return list;
    }

    /** {@code {text?, binary? (base64), kind?, bnType?, extend? {string: string}}}. */
    static Content content(JsonObject body) {
        String binary = JsonFields.text(body, "binary");
        byte[] bytes = null;
        if (binary != null) {
            try {
                bytes = Base64.getDecoder().decode(binary);
            } catch (IllegalArgumentException e) {
                throw new OperationRefused("binary must be base64", false);
            }
        }
        return new Content(JsonFields.text(body, "text"), bytes, JsonFields.integer(body, "kind"),
                JsonFields.integer(body, "bnType"), extend(body));
    }

    private static Map<String, String> extend(JsonObject body) {
        JsonValue value = body == null ? null : body.get("extend");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new OperationRefused("extend must be an object of strings", false);
        }
        Map<String, String> extend = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
            if (!(e.getValue() instanceof JsonString s)) {
                throw new OperationRefused("extend must be an object of strings", false);
            }
            extend.put(e.getKey(), s.getString());
        }
        return extend;
    }
}
