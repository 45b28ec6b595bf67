// What one readRates call of ratelens-tic.cc collects before it hands it to JavaScript: the rate
// columns, the distinct terms and the reference ids that are not plain whole numbers.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ratelens {

// Provider-reference ids other than whole numbers below 2^31 (CareFirst writes 690.64462): the
// TypeScript side makes them canonical (`canonicalGroupId`); each distinct one is sent once.
struct OtherReferences {
  struct Value {
    bool text;
    double number;
    std::string string;
  };
  std::vector<Value> values;
  std::vector<std::string> keys;
  std::unordered_map<std::string, int32_t> ids;
  std::string key;

  void truncate(size_t count) {
    while (keys.size() > count) {
      ids.erase(keys.back());
      keys.pop_back();
      values.pop_back();
    }
  }
};

struct Columns {
  // Marker strings (InlineGroupSpans) in place of inline groups, and the other references (see
  // kOtherBase for how a provider row names them).
  std::vector<std::string> markers;
  OtherReferences others;
  std::vector<double> amount;
  std::vector<int32_t> priceItem, priceRate, priceIndex, priceTerm;
  std::vector<int32_t> providerItem, providerRate, providerPrices, providerRef;
  double rateRows = 0;

  void addProvider(int32_t item, int32_t rate, int32_t priceCount, int32_t reference) {
    providerItem.push_back(item);
    providerRate.push_back(rate);
    providerPrices.push_back(priceCount);
    providerRef.push_back(reference);
  }

  void truncate(size_t markerCount, size_t otherCount, size_t prices, size_t providers) {
    markers.resize(markerCount);
    others.truncate(otherCount);
    amount.resize(prices);
    priceItem.resize(prices);
    priceRate.resize(prices);
    priceIndex.resize(prices);
    priceTerm.resize(prices);
    providerItem.resize(providers);
    providerRate.resize(providers);
    providerPrices.resize(providers);
    providerRef.resize(providers);
  }
};

// The distinct terms of one call, by a key made of their fields' bytes.
struct Terms {
  std::unordered_map<std::string, int32_t> ids;
  std::vector<std::string> keys;
  std::string key;

  void truncate(size_t count) {
    while (keys.size() > count) {
      ids.erase(keys.back());
      keys.pop_back();
    }
  }
};

}  // namespace ratelens
